/**
 * End-to-end tests of Cairn's keys: a test pipeline ({@code src/test/resources/houses}) is
 * compiled with the real processor by {@code javac} in a subprocess ({@link
 * dev.cairn.integration.PipelineProject}, {@link dev.cairn.integration.Jdk}), run in fresh JVMs,
 * edited and rerun, and each run's record ({@code runs/<runId>.tsv}, {@link
 * dev.cairn.integration.RunRecord}) says which stages recomputed and why.
 */
package dev.cairn.integration;
