package dev.cairn.samples.digits;

import dev.cairn.runtime.DeterministicRandom;
import dev.cairn.runtime.Progress;

/**
 * The training loop of {@link DigitsPipeline#train} and of the sweep's trials: resumable at the
 * last saved epoch, and bit-identical to an uninterrupted run however often it is interrupted.
 *
 * <p>It must run inside a {@code @Checkpoint} stage, because {@link Progress#of} binds to the
 * stage call running on this thread: its snapshots are keyed by that call, so a rerun with other
 * hyperparameters or other data never resumes from them.
 */
public final class Training {
  private Training() {}

  /**
   * Trains a model on {@code train} and its one-pixel shifts (five times as many rows), resuming
   * from the newest progress snapshot of the running stage call if there is one.
   *
   * <p>After every epoch it asks {@link Progress#due()} whether to save, which the stage's
   * {@code ProgressPolicy} decides (every epoch by default) and which is always true once the
   * JVM got SIGTERM: saving then is what makes a preempted job resume at the epoch it was in.
   * {@code save} serializes the state before it returns (about 150 KB for 512 hidden units) and
   * writes it in the background, so the next epoch starts right away.
   */
  public static Model run(Dataset train, Hyperparameters config, TrainState.EpochListener listener) {
    Dataset augmented = ShiftAugmentation.apply(train, DigitsData.IMAGE_SIDE);
    Progress<TrainState> progress = Progress.of(TrainState.class);
    TrainState state = progress.restore().orElse(null);
    if (state != null) {
      listener.resumed(state.epoch());
    } else {
      state = TrainState.fresh(train.features(), config.hidden(), DigitsData.CLASSES, config.seed());
    }
    // seeded from the stage call's key; restore() put it back where the snapshot left it
    DeterministicRandom random = progress.random();
    MiniBatchSgd sgd = new MiniBatchSgd(state.model(), config.learningRate(), config.batchSize());
    while (state.epoch() < config.epochs()) {
      state = state.nextEpoch(augmented, random, sgd, listener);
      if (progress.due()) {
        progress.save(state);
      }
    }
    return state.model();
  }
}
