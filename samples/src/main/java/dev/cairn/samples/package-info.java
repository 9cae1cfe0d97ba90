/**
 * Sample pipelines: {@code quickstart}, the smallest useful pipeline to copy first;
 * {@code digits}, a real training pipeline on the UCI handwritten digits whose training resumes
 * at the last saved epoch; and {@code sweep}, a hyperparameter sweep on the same data whose
 * trials are checkpointed one by one.
 */
package dev.cairn.samples;
