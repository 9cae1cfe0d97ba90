package dev.cairn.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one row (case, trials, failures) to {@code target/reliability/rows.tsv}; the
 * {@code .ci/reliability-table} script turns those rows into {@code docs/RELIABILITY.md}.
 * (A copy of the runtime tests' helper of the same name.)
 */
public final class Reliability {
  private Reliability() {}

  public static void record(String testCase, long trials, long failures) {
    Path rows = Path.of("target", "reliability", "rows.tsv");
    try {
      Files.createDirectories(rows.getParent());
      Files.writeString(rows, testCase + "\t" + trials + "\t" + failures + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
