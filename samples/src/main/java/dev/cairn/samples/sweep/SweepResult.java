package dev.cairn.samples.sweep;

import dev.cairn.samples.digits.Evaluation;
import java.util.List;

/**
 * What a sweep found.
 *
 * @param trials every trial, in grid order
 * @param best the trial with the highest validation accuracy (the earliest on a tie)
 * @param test the best model's accuracy on the test set, which no trial saw
 */
public record SweepResult(List<TrialResult> trials, TrialResult best, Evaluation test) {}
