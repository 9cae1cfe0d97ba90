package dev.cairn.samples.digits;

/**
 * Mini-batch stochastic gradient descent on the mean softmax cross-entropy of a {@link Model}.
 *
 * <p>Each batch accumulates the gradients of its examples one after the other into buffers of
 * this object, then updates the weights in place: {@code w -= learningRate * mean gradient}.
 * Everything runs on the calling thread in a fixed order, so training is bit-for-bit
 * reproducible. One instance holds scratch buffers for one model shape; it is not thread-safe.
 */
public final class MiniBatchSgd {
  private final Model model;
  private final float learningRate;
  private final int batchSize;

  private final float[] activations;
  private final float[] logits;
  private final float[] probabilities;
  private final float[] hiddenError;
  private final float[] gradW1;
  private final float[] gradB1;
  private final float[] gradW2;
  private final float[] gradB2;

  /**
   * @param model the model to train; its arrays are updated in place
   * @param learningRate step size, positive
   * @param batchSize examples per weight update, positive
   */
  public MiniBatchSgd(Model model, float learningRate, int batchSize) {
    if (!(learningRate > 0f)) {
      throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    this.model = model;
    this.learningRate = learningRate;
    this.batchSize = batchSize;
    this.activations = new float[model.hidden()];
    this.logits = new float[model.classes()];
    this.probabilities = new float[model.classes()];
    this.hiddenError = new float[model.hidden()];
    this.gradW1 = new float[model.w1().length];
    this.gradB1 = new float[model.b1().length];
    this.gradW2 = new float[model.w2().length];
    this.gradB2 = new float[model.b2().length];
  }

  /**
   * One pass over {@code data} in the given {@code order}, one weight update per batch (the last
   * batch may be smaller).
   *
   * @return the mean cross-entropy of the examples, each measured before its batch's update
   */
  public double epoch(Dataset data, int[] order) {
    double totalLoss = 0;
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(start + batchSize, order.length);
      for (int n = start; n < end; n++) {
        int row = order[n];
        totalLoss += accumulate(data.x(), row * data.features(), data.y()[row]);
      }
      step(end - start);
    }
    return totalLoss / order.length;
  }

  /** The mean cross-entropy of {@code model} on {@code data}, without training. */
  public static double loss(Model model, Dataset data) {
    MiniBatchSgd probe = new MiniBatchSgd(model, 1f, 1);
    double total = 0;
    for (int row = 0; row < data.rows(); row++) {
      total += probe.crossEntropy(data.x(), row * data.features(), data.y()[row]);
    }
    return total / data.rows();
  }

  /**
   * Adds the gradient of one example's loss to the buffers.
   *
   * @return that example's cross-entropy
   */
  double accumulate(float[] x, int offset, int label) {
    double loss = crossEntropy(x, offset, label);
    int hidden = model.hidden();
    int classes = model.classes();
    float[] w2 = model.w2();
    // output layer: d loss / d logit_k = p_k - [k == label]
    for (int k = 0; k < classes; k++) {
      float error = probabilities[k] - (k == label ? 1f : 0f);
      probabilities[k] = error;
      gradB2[k] += error;
    }
    for (int j = 0; j < hidden; j++) {
      float hj = activations[j];
      if (hj > 0f) {
        int row = j * classes;
        float back = 0f;
        for (int k = 0; k < classes; k++) {
          gradW2[row + k] += hj * probabilities[k];
          back += w2[row + k] * probabilities[k];
        }
        hiddenError[j] = back;
        gradB1[j] += back;
      } else {
        hiddenError[j] = 0f; // ReLU passes no gradient where it was inactive
      }
    }
    for (int i = 0; i < model.inputs(); i++) {
      float xi = x[offset + i];
      if (xi != 0f) {
        int row = i * hidden;
        for (int j = 0; j < hidden; j++) {
          gradW1[row + j] += xi * hiddenError[j];
        }
      }
    }
    return loss;
  }

  /** Applies the mean of the accumulated gradients of {@code count} examples and clears them. */
  void step(int count) {
    float scale = learningRate / count;
    apply(model.w1(), gradW1, scale);
    apply(model.b1(), gradB1, scale);
    apply(model.w2(), gradW2, scale);
    apply(model.b2(), gradB2, scale);
  }

  /** The accumulated gradient of {@code w1}, for tests. */
  float[] gradW1() {
    return gradW1;
  }

  /** The accumulated gradient of {@code w2}, for tests. */
  float[] gradW2() {
    return gradW2;
  }

  /** Forward pass; leaves activations and softmax probabilities in the buffers. */
  private double crossEntropy(float[] x, int offset, int label) {
    model.forward(x, offset, activations, logits);
    float max = logits[0];
    for (int k = 1; k < logits.length; k++) {
      max = Math.max(max, logits[k]);
    }
    double sum = 0;
    for (int k = 0; k < logits.length; k++) {
      // StrictMath: the same bits on every JVM, interpreted or compiled
      float e = (float) StrictMath.exp(logits[k] - max);
      probabilities[k] = e;
      sum += e;
    }
    for (int k = 0; k < logits.length; k++) {
      probabilities[k] = (float) (probabilities[k] / sum);
    }
    return StrictMath.log(sum) - (logits[label] - max); // -log softmax, without underflow
  }

  private static void apply(float[] weights, float[] gradient, float scale) {
    for (int i = 0; i < weights.length; i++) {
      weights[i] -= scale * gradient[i];
      gradient[i] = 0f;
    }
  }
}
