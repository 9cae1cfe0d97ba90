package dev.cairn.samples.sweep;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import dev.cairn.samples.digits.DigitsData;
import dev.cairn.samples.digits.Evaluation;
import dev.cairn.samples.digits.Hyperparameters;
import dev.cairn.samples.digits.Model;
import dev.cairn.samples.digits.Split;
import dev.cairn.samples.digits.TrainState;
import dev.cairn.samples.digits.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hyperparameter sweep on the digits: trains one model per {@link Hyperparameters} of a grid,
 * each as one {@link #trial} stage call, and keeps the one with the best validation accuracy.
 *
 * <p>Each trial is checkpointed on its own, keyed on its hyperparameters and its data, so a sweep
 * killed after three of six trials reruns only the other three, and the trial that was running
 * resumes at its last saved epoch (it trains with the same resumable loop as
 * {@code DigitsPipeline}). Adding values to the grid later trains only the new trials. The data
 * stages come from {@link DigitsData}, so a store shared with the digits sample reuses them too.
 */
public class SweepPipeline extends DigitsData {
  private final List<Hyperparameters> grid;
  @NotKeyed private final SweepListener listener;

  /**
   * @param grid the trials, in the order to run them; each brings its own seed for the weights
   * @param seed seeds the train/validation/test splits
   * @param listener told about each epoch and each finished trial; not part of any key
   */
  public SweepPipeline(List<Hyperparameters> grid, long seed, SweepListener listener) {
    super(seed);
    if (grid.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one trial");
    }
    this.grid = List.copyOf(grid);
    this.listener = listener;
  }

  /**
   * The whole sweep: splits off a test set, holds out a fifth of the rest for validation, runs
   * every trial on the remainder, picks the best by validation accuracy (the earliest on a tie)
   * and measures it on the test set, which no trial has seen.
   */
  public SweepResult run(Path csv) throws IOException {
    Split scaled = normalize(split(load(csv)));
    Split tuning = split(scaled.train()); // training data and a validation set
    List<TrialResult> trials = new ArrayList<>();
    TrialResult best = null;
    for (int i = 0; i < grid.size(); i++) {
      TrialResult trial = trial(grid.get(i), tuning);
      trials.add(trial);
      listener.trialDone(i, trial); // its checkpoint is durable by now
      if (best == null || trial.validation().correct() > best.validation().correct()) {
        best = trial;
      }
    }
    return new SweepResult(trials, best, evaluate(best.model(), scaled.test()));
  }

  /**
   * Trains one model on {@code tuning.train()} and measures it on {@code tuning.test()}, the
   * validation set. Interrupted, it resumes at its last saved epoch.
   */
  @Stage(name = "sweep.trial")
  @Checkpoint
  TrialResult trial(Hyperparameters config, Split tuning) {
    Model model = Training.run(tuning.train(), config, new TrainState.EpochListener() {
      @Override
      public void epochDone(int epoch, double meanLoss) {
        listener.epochDone(config, epoch, meanLoss);
      }

      @Override
      public void resumed(int epoch) {
        listener.resumed(config, epoch);
      }
    });
    return new TrialResult(config, model, Evaluation.of(model, tuning.test()));
  }

  /** What a sweep reports while it runs; training output goes through it. */
  public interface SweepListener {
    /** Trial {@code config} finished an epoch. */
    void epochDone(Hyperparameters config, int epoch, double meanLoss);

    /** Trial {@code config} continues from a progress snapshot taken after {@code epoch} epochs. */
    void resumed(Hyperparameters config, int epoch);

    /** Trial {@code index} (0-based, in grid order) is done: computed now or read back. */
    void trialDone(int index, TrialResult result);
  }
}
