package com.example.houses;

/**
 * How well the model predicts: its mean squared error, that of always predicting the mean price,
 * and the fraction of houses predicted within the tolerance.
 */
public record Evaluation(double meanSquaredError, double baselineError, double withinTolerance) {}
