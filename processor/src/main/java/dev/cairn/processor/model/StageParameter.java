package dev.cairn.processor.model;

/**
 * A parameter of a stage method.
 *
 * @param name the parameter's name in the stage method
 * @param keyed false when the parameter is {@code @NotKeyed}
 */
public record StageParameter(String name, boolean keyed) {}
