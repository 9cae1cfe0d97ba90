/**
 * The sweep sample: trains the digits network once per point of a grid of learning rates and
 * hidden sizes, each trial a checkpointed stage call of
 * {@link dev.cairn.samples.sweep.SweepPipeline}, and keeps the best by validation accuracy. Kill
 * it half-way and rerun it: finished trials are read back, the running one resumes at its last
 * saved epoch, the rest train.
 */
package dev.cairn.samples.sweep;
