package dev.cairn.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The run records Cairn writes to {@code <store>/runs/<runId>.tsv} when a run closes (see
 * {@code docs/FORMAT.md}): one row per stage call, in the order the calls finished.
 */
public final class RunRecords {
  private RunRecords() {}

  /** The record files in {@code store} now. */
  public static Set<Path> list(Path store) throws IOException {
    Path runs = store.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(runs)) {
      return new HashSet<>(files.filter(f -> f.toString().endsWith(".tsv")).toList());
    }
  }

  /** The record's rows as column name to value, by its header line. */
  public static List<Map<String, String>> read(Path record) throws IOException {
    List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
    List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
    assertTrue(header.containsAll(List.of("stage", "key", "outcome", "reason", "millis")),
        "run record header: " + lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.length ? cells[i] : "");
      }
      rows.add(row);
    }
    return rows;
  }
}
