package dev.cairn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one run of a pipeline did, read from the run record Cairn wrote ({@code runs/<runId>.tsv},
 * see {@code docs/FORMAT.md}), with the process's output for failure messages.
 *
 * @param file the run record
 * @param calls the stage calls, in the order they finished
 * @param output what the pipeline's JVM printed (standard output and error)
 */
record RunRecord(Path file, List<Call> calls, String output) {
  static final List<String> COLUMNS =
      List.of("stage", "key", "outcome", "reason", "millis", "savedMillis", "bytesWritten");

  /**
   * One row of the run record.
   *
   * @param stage the stage id
   * @param outcome {@code COMPUTED}, {@code MEMORY}, {@code DISK} or {@code FAILED}
   * @param reason why it was computed (empty when reused)
   */
  record Call(String stage, String key, String outcome, String reason) {
    @Override
    public String toString() {
      return String.format("%-70s %-8s %s", stage, outcome, reason);
    }
  }

  /**
   * What a test expects of one stage in a run.
   *
   * @param stage the stage id
   * @param outcome the outcome it must have
   * @param reason the exact reason it must record
   */
  record Expected(String stage, String outcome, String reason) {
    /** Computed, for exactly this reason. */
    static Expected computed(String stage, String reason) {
      return new Expected(stage, "COMPUTED", reason);
    }

    /** Reused from the store: the first call of a stage in a fresh JVM that finds its checkpoint. */
    static Expected fromDisk(String stage) {
      return new Expected(stage, "DISK", "");
    }

    @Override
    public String toString() {
      return String.format("%-70s %-8s %s", stage, outcome, reason);
    }
  }

  /** Reads a run record; its header must be the documented one. */
  static RunRecord read(Path file, String output) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      fail("run record " + file + " is empty\n" + output);
    }
    assertEquals(COLUMNS, Arrays.asList(lines.get(0).split("\t", -1)),
        "header of run record " + file);
    List<Call> calls = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (cells.length != COLUMNS.size()) {
        fail("run record " + file + " has a row of " + cells.length + " columns: " + line);
      }
      calls.add(new Call(cells[0], cells[1], cells[2], cells[3]));
    }
    return new RunRecord(file, List.copyOf(calls), output);
  }

  /**
   * Asserts that this run called exactly the expected stages, each once, with the expected
   * outcome and reason: a stage that is not expected must not appear in the record at all.
   */
  void assertExactly(Expected... expected) {
    Map<String, Expected> wanted = new LinkedHashMap<>();
    for (Expected e : expected) {
      if (wanted.put(e.stage(), e) != null) {
        throw new IllegalArgumentException("stage " + e.stage() + " expected twice");
      }
    }
    Map<String, Call> actual = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Call call : calls) {
      if (actual.put(call.stage(), call) != null) {
        problems.add(call.stage() + " was called more than once");
      }
    }
    Set<String> stages = new TreeSet<>(wanted.keySet());
    stages.addAll(actual.keySet());
    for (String stage : stages) {
      Expected want = wanted.get(stage);
      Call got = actual.get(stage);
      if (want == null) {
        problems.add(stage + " was called (" + got.outcome() + ", '" + got.reason()
            + "') but not expected to be");
      } else if (got == null) {
        problems.add(stage + " was not called, expected " + want.outcome());
      } else if (!want.outcome().equals(got.outcome()) || !want.reason().equals(got.reason())) {
        problems.add(stage + ": expected " + want.outcome() + " '" + want.reason() + "', was "
            + got.outcome() + " '" + got.reason() + "'");
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems) + "\n\n" + describe(wanted.values()));
    }
  }

  /** The record, what was expected and the process output, for a failure message. */
  String describe(Iterable<Expected> expected) {
    StringBuilder text = new StringBuilder("expected:\n");
    expected.forEach(e -> text.append("  ").append(e).append('\n'));
    text.append("run record ").append(file).append(":\n");
    calls.forEach(c -> text.append("  ").append(c).append('\n'));
    return text.append("output:\n").append(output).toString();
  }
}
