package com.example.houses;

/** A linear model over the features. */
public record Model(double[] weights) {
  /** The model's prediction for one feature row. */
  static double predict(double[] weights, double[] row) {
    double sum = 0;
    for (int j = 0; j < weights.length; j++) {
      sum += weights[j] * row[j];
    }
    return sum;
  }
}
