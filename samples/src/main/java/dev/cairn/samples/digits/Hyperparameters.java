package dev.cairn.samples.digits;

import java.util.Locale;

/**
 * How to train a model: everything {@link Training#run} needs besides the data.
 *
 * @param epochs passes over the (augmented) training set
 * @param learningRate SGD step size
 * @param hidden hidden units
 * @param batchSize examples per weight update
 * @param seed seeds the initial weights
 */
public record Hyperparameters(int epochs, float learningRate, int hidden, int batchSize, long seed) {

  public Hyperparameters {
    if (epochs < 0 || hidden <= 0 || batchSize <= 0 || !(learningRate > 0f)) {
      throw new IllegalArgumentException(
          "need epochs >= 0 and a positive learning rate, hidden size and batch size, got "
              + epochs + ", " + learningRate + ", " + hidden + ", " + batchSize);
    }
  }

  /** {@code lr 0.1, 512 hidden}: what a sweep varies. */
  public String describe() {
    return String.format(Locale.ROOT, "lr %s, %d hidden", learningRate, hidden);
  }
}
