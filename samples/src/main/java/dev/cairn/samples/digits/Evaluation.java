package dev.cairn.samples.digits;

/** How many examples of a data set a model classified correctly. */
public record Evaluation(int correct, int total) {

  /** Classifies every row of {@code data} with {@code model} and counts the right answers. */
  public static Evaluation of(Model model, Dataset data) {
    int correct = 0;
    for (int r = 0; r < data.rows(); r++) {
      if (model.predict(data.x(), r * data.features()) == data.y()[r]) {
        correct++;
      }
    }
    return new Evaluation(correct, data.rows());
  }

  /** Fraction of correct predictions, 0..1. */
  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }
}
