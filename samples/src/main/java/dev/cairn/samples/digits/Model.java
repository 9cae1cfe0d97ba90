package dev.cairn.samples.digits;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A multilayer perceptron with one hidden ReLU layer and a softmax output: {@code inputs ->
 * hidden -> classes}. Weights are flat row-major arrays: {@code w1[i * hidden + j]} connects
 * input {@code i} to hidden unit {@code j}, {@code w2[j * classes + k]} hidden unit {@code j} to
 * class {@code k}.
 *
 * <p>Training updates the arrays in place ({@link MiniBatchSgd}); {@link #copy()} before keeping
 * a snapshot. Arrays make records compare by identity; {@link #sameAs} compares bits.
 */
public record Model(
    int inputs, int hidden, int classes, float[] w1, float[] b1, float[] w2, float[] b2) {

  public Model {
    if (w1.length != inputs * hidden
        || b1.length != hidden
        || w2.length != hidden * classes
        || b2.length != classes) {
      throw new IllegalArgumentException("weight shapes do not match " + shape());
    }
  }

  /**
   * A fresh model: He-uniform weights drawn from {@code random} (so that ReLU units start with
   * comparable variance), zero biases.
   */
  public static Model initialize(int inputs, int hidden, int classes, SplitMix64 random) {
    return new Model(
        inputs,
        hidden,
        classes,
        uniform(inputs * hidden, (float) Math.sqrt(6.0 / inputs), random),
        new float[hidden],
        uniform(hidden * classes, (float) Math.sqrt(6.0 / hidden), random),
        new float[classes]);
  }

  /** The most likely class of the row of {@code x} that starts at {@code offset}. */
  public int predict(float[] x, int offset) {
    float[] activations = new float[hidden];
    float[] logits = new float[classes];
    forward(x, offset, activations, logits);
    int best = 0;
    for (int k = 1; k < classes; k++) {
      if (logits[k] > logits[best]) {
        best = k;
      }
    }
    return best;
  }

  /**
   * Computes the hidden activations (after ReLU) and the output logits (before softmax) of one
   * row. Loops run over contiguous weight rows, in a fixed order: the result is the same on every
   * run and every JVM.
   */
  void forward(float[] x, int offset, float[] activations, float[] logits) {
    System.arraycopy(b1, 0, activations, 0, hidden);
    for (int i = 0; i < inputs; i++) {
      float xi = x[offset + i];
      if (xi != 0f) {
        int row = i * hidden;
        for (int j = 0; j < hidden; j++) {
          activations[j] += xi * w1[row + j];
        }
      }
    }
    for (int j = 0; j < hidden; j++) {
      if (activations[j] < 0f) {
        activations[j] = 0f;
      }
    }
    System.arraycopy(b2, 0, logits, 0, classes);
    for (int j = 0; j < hidden; j++) {
      float hj = activations[j];
      if (hj != 0f) {
        int row = j * classes;
        for (int k = 0; k < classes; k++) {
          logits[k] += hj * w2[row + k];
        }
      }
    }
  }

  /** A deep copy whose arrays training can change without touching this one. */
  public Model copy() {
    return new Model(inputs, hidden, classes, w1.clone(), b1.clone(), w2.clone(), b2.clone());
  }

  /** Whether both have the same shape and bit-identical weights. */
  public boolean sameAs(Model other) {
    return inputs == other.inputs
        && hidden == other.hidden
        && classes == other.classes
        && Arrays.equals(w1, other.w1)
        && Arrays.equals(b1, other.b1)
        && Arrays.equals(w2, other.w2)
        && Arrays.equals(b2, other.b2);
  }

  /**
   * SHA-256 of the shape and of every weight's bits, in hex: equal for two models exactly when
   * (barring collisions) they are bit-identical, and short enough to print and compare.
   */
  public String sha256() {
    ByteBuffer bytes = ByteBuffer.allocate(
        4 * (3 + w1.length + b1.length + w2.length + b2.length)); // big-endian: fixed everywhere
    bytes.putInt(inputs).putInt(hidden).putInt(classes);
    for (float[] weights : new float[][] {w1, b1, w2, b2}) {
      for (float weight : weights) {
        bytes.putInt(Float.floatToRawIntBits(weight));
      }
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "Model[" + shape() + "]";
  }

  private String shape() {
    return inputs + " -> " + hidden + " (ReLU) -> " + classes + " (softmax)";
  }

  private static float[] uniform(int size, float limit, SplitMix64 random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (2f * random.nextFloat() - 1f) * limit;
    }
    return values;
  }
}
