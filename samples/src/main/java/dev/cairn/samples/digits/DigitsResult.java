package dev.cairn.samples.digits;

/** What {@link DigitsPipeline#run} produces: the trained model and its test accuracy. */
public record DigitsResult(Model model, Evaluation evaluation) {}
