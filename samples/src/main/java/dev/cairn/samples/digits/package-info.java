/**
 * The digits sample: load the UCI handwritten digits, split them deterministically, scale them,
 * train a small neural network with mini-batch SGD and measure its test accuracy. Each step is a
 * checkpointed stage of {@link dev.cairn.samples.digits.DigitsPipeline}; run
 * {@link dev.cairn.samples.digits.DigitsMain} twice and the second run reads every result back.
 *
 * <p>Training saves its progress after every epoch; killed or preempted, it resumes at the last
 * saved epoch. Plain Java, no ML library, single-threaded: the same configuration always
 * produces bit-identical weights, interrupted or not, on JDK 17 and JDK 25.
 */
package dev.cairn.samples.digits;
