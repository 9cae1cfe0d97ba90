package dev.cairn.runtime;

import java.util.Map;

/**
 * One stage call made inside another stage's body, recorded with the outer result so that reusing
 * the outer result can first check that the inner call would still be answered the same way.
 *
 * <p>Arguments of the inner call are derived from the outer call's own inputs, which its key
 * already covers; what can change independently is the inner stage's code, version and
 * invalidation generation, the pipeline fields it reads, and the contents of files it was given.
 * Those are what {@code inputs} (the inner key's components) and {@code files} (argument name to
 * path, for file and directory arguments) allow to re-check.
 *
 * @param stage the inner stage's id
 * @param inputs the inner key's components, as in {@link StageKey#inputs()}
 * @param files for each file or directory argument, its path
 */
record TraceEntry(String stage, Map<String, String> inputs, Map<String, String> files) {
  TraceEntry {
    inputs = Map.copyOf(inputs);
    files = Map.copyOf(files);
  }
}
