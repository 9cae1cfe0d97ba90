package dev.cairn.samples.digits;

/** A training set and the held-out test set it must never see. */
public record Split(Dataset train, Dataset test) {}
