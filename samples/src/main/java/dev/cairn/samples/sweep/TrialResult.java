package dev.cairn.samples.sweep;

import dev.cairn.samples.digits.Evaluation;
import dev.cairn.samples.digits.Hyperparameters;
import dev.cairn.samples.digits.Model;

/**
 * One trial of a sweep: its hyperparameters, the model they trained and its validation accuracy.
 */
public record TrialResult(Hyperparameters config, Model model, Evaluation validation) {}
