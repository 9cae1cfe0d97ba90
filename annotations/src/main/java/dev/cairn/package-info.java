/**
 * The annotations a pipeline class carries: {@link dev.cairn.Stage @Stage} marks a step whose
 * results are looked up by key, {@link dev.cairn.Checkpoint @Checkpoint} persists them across
 * JVMs, and {@link dev.cairn.NotKeyed @NotKeyed} leaves a parameter or field out of the key.
 * This package has no dependencies.
 */
package dev.cairn;
