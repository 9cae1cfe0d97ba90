package dev.cairn.samples.digits;

/** How many test examples a model classified correctly. */
public record Evaluation(int correct, int total) {

  /** Fraction of correct predictions, 0..1. */
  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }
}
