package com.example.houses;

/** A design matrix (one row per house) and the prices to predict. */
public record Features(double[][] x, double[] y) {}
