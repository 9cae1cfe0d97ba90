/**
 * The smallest useful Cairn pipeline: one expensive checkpointed stage and one cheap stage after
 * it. Copy this first.
 */
package dev.cairn.samples.quickstart;
