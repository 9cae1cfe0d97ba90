/**
 * Sample pipelines: {@code quickstart}, the smallest useful pipeline to copy first, and
 * {@code digits}, a real training pipeline on the UCI handwritten digits.
 */
package dev.cairn.samples;
