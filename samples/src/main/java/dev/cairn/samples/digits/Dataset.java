package dev.cairn.samples.digits;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled examples in one flat row-major array: row {@code r} is
 * {@code x[r * features] .. x[r * features + features - 1]}, its class is {@code y[r]}.
 *
 * <p>Arrays make records compare by identity; {@link #sameAs} compares contents.
 */
public record Dataset(float[] x, int[] y, int features) {

  public Dataset {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (features <= 0 || x.length != y.length * features) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, expected " + y.length + " rows of " + features);
    }
  }

  /** Number of examples. */
  public int rows() {
    return y.length;
  }

  /** The rows at {@code indices}, in that order. */
  public Dataset select(int[] indices) {
    float[] selected = new float[indices.length * features];
    int[] labels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(x, indices[i] * features, selected, i * features, features);
      labels[i] = y[indices[i]];
    }
    return new Dataset(selected, labels, features);
  }

  /** Whether both hold the same examples in the same order, bit for bit. */
  public boolean sameAs(Dataset other) {
    return features == other.features && Arrays.equals(x, other.x) && Arrays.equals(y, other.y);
  }

  @Override
  public String toString() {
    return "Dataset[" + rows() + " rows x " + features + " features]";
  }
}
