package dev.cairn.samples.digits;

/**
 * Everything the training loop carries from one epoch to the next: the model, how many epochs
 * are done, and the state of the random generator that shuffles the next epoch. Resuming from a
 * saved {@code TrainState} continues exactly as if training had never stopped, because nothing
 * else influences the remaining epochs.
 *
 * @param model the weights after {@code epoch} epochs; training updates them in place
 * @param epoch epochs completed, 0 before training
 * @param randomState {@link SplitMix64#state()} of the shuffling generator
 */
public record TrainState(Model model, int epoch, long randomState) {

  /** The state before the first epoch: freshly initialized weights, and the generator after it. */
  public static TrainState fresh(int inputs, int hidden, int classes, long seed) {
    SplitMix64 random = SplitMix64.seeded(seed);
    Model model = Model.initialize(inputs, hidden, classes, random);
    return new TrainState(model, 0, random.state());
  }

  /**
   * Trains one more epoch on {@code data} with {@code sgd} (which must train this state's model)
   * and returns the state after it. The epoch visits every row once, in an order shuffled by
   * this state's generator.
   *
   * @return the state after the epoch; its model is this state's model, updated in place
   */
  public TrainState nextEpoch(Dataset data, MiniBatchSgd sgd, EpochListener listener) {
    SplitMix64 random = SplitMix64.resume(randomState);
    int[] order = new int[data.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    random.shuffle(order);
    double loss = sgd.epoch(data, order);
    listener.epochDone(epoch + 1, loss);
    return new TrainState(model, epoch + 1, random.state());
  }

  /** Told after every epoch; training output goes through it, not straight to the console. */
  @FunctionalInterface
  public interface EpochListener {
    void epochDone(int epoch, double meanLoss);
  }
}
