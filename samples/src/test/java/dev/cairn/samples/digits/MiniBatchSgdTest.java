package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MiniBatchSgdTest {

  @Test
  void backpropagatedGradientMatchesFiniteDifferences() {
    SplitMix64 random = SplitMix64.seeded(7);
    Model model = Model.initialize(6, 5, 4, random);
    for (int j = 0; j < model.b1().length; j++) {
      model.b1()[j] = 0.1f; // keep hidden units away from the ReLU kink
    }
    Dataset data = randomData(random, 8, 6, 4);
    MiniBatchSgd sgd = new MiniBatchSgd(model, 1f, data.rows());
    for (int r = 0; r < data.rows(); r++) {
      sgd.accumulate(data.x(), r * data.features(), data.y()[r]);
    }
    checkGradient(model.w1(), sgd.gradW1(), model, data);
    checkGradient(model.w2(), sgd.gradW2(), model, data);
  }

  @Test
  void trainingReducesTheLossOnRealDigits() throws Exception {
    Split split = SampleData.scaledSplit();
    Dataset train = split.train();
    TrainState state = TrainState.fresh(train.features(), 32, DigitsPipeline.CLASSES, 1);
    double before = MiniBatchSgd.loss(state.model(), train);
    MiniBatchSgd sgd = new MiniBatchSgd(state.model(), 0.1f, 32);
    SplittableRandom random = new SplittableRandom(1);
    for (int epoch = 0; epoch < 3; epoch++) {
      state = state.nextEpoch(train, random, sgd, (e, loss) -> {});
    }
    double after = MiniBatchSgd.loss(state.model(), train);
    assertTrue(after < before / 3, "loss " + before + " -> " + after);
    assertEquals(3, state.epoch());
  }

  /** Compares the summed analytic gradient with central differences of the summed loss. */
  private static void checkGradient(float[] weights, float[] gradient, Model model, Dataset data) {
    float h = 1e-2f;
    for (int i = 0; i < weights.length; i += 3) {
      float original = weights[i];
      weights[i] = original + h;
      double plus = MiniBatchSgd.loss(model, data) * data.rows();
      weights[i] = original - h;
      double minus = MiniBatchSgd.loss(model, data) * data.rows();
      weights[i] = original;
      double numeric = (plus - minus) / (2 * h);
      assertEquals(numeric, gradient[i], 2e-3 + 2e-2 * Math.abs(numeric), "weight " + i);
    }
  }

  private static Dataset randomData(SplitMix64 random, int rows, int features, int classes) {
    float[] x = new float[rows * features];
    int[] y = new int[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    for (int r = 0; r < rows; r++) {
      y[r] = random.nextInt(classes);
    }
    return new Dataset(x, y, features);
  }
}
