package dev.cairn.samples.digits;

import java.util.random.RandomGenerator;

/**
 * Everything the training loop carries from one epoch to the next, and so everything a progress
 * snapshot holds: the model and how many epochs are done. The other piece of state, the random
 * generator that shuffles each epoch, is Cairn's {@code DeterministicRandom}, which saves and
 * restores itself with every snapshot.
 *
 * @param model the weights after {@code epoch} epochs; training updates them in place
 * @param epoch epochs completed, 0 before training
 */
public record TrainState(Model model, int epoch) {

  /** The state before the first epoch: freshly initialized weights, seeded with {@code seed}. */
  public static TrainState fresh(int inputs, int hidden, int classes, long seed) {
    return new TrainState(Model.initialize(inputs, hidden, classes, SplitMix64.seeded(seed)), 0);
  }

  /**
   * Trains one more epoch on {@code data} with {@code sgd} (which must train this state's model)
   * and returns the state after it. The epoch visits every row once, in an order shuffled by
   * {@code random}.
   *
   * @return the state after the epoch; its model is this state's model, updated in place
   */
  public TrainState nextEpoch(Dataset data, RandomGenerator random, MiniBatchSgd sgd,
      EpochListener listener) {
    int[] order = new int[data.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    double loss = sgd.epoch(data, order);
    listener.epochDone(epoch + 1, loss);
    return new TrainState(model, epoch + 1);
  }

  /** Fisher-Yates, drawing {@code nextInt(bound)}: the same order on every JDK for one generator state. */
  private static void shuffle(int[] values, RandomGenerator random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** Told after every epoch; training output goes through it, not straight to the console. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(int epoch, double meanLoss);

    /** Training continues from a progress snapshot taken after {@code epoch} epochs. */
    default void resumed(int epoch) {}
  }
}
