package dev.cairn.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.samples.JavaProcess;
import dev.cairn.samples.Reliability;
import dev.cairn.samples.RunRecords;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a running sweep (SIGKILL) after some of its trials finished, reruns it, and checks from
 * the rerun's record in {@code <store>/runs/} that only the unfinished trials were computed, and
 * from its output that the interrupted trial resumed at its last saved epoch.
 */
class SweepKillTest {
  private static final int TRIALS = 4;
  private static final int EPOCHS = 14;
  private static final List<String> DATA_STAGES = List.of("digits.load", "digits.split", "digits.normalize");
  private static final Pattern DONE = Pattern.compile("^trial (\\d+)/(\\d+) done \\(.*\\): validation accuracy ([0-9.]+)");
  private static final Pattern EPOCH = Pattern.compile("^\\s*trial (\\d+)/\\d+ \\(.*\\): epoch\\s+(\\d+)/");
  private static final Pattern RESUMED = Pattern.compile("^\\s*trial (\\d+)/\\d+ \\(.*\\): resumed at epoch (\\d+) of");
  private static final Pattern WEIGHTS = Pattern.compile("^model weights sha-256: ([0-9a-f]{64})$");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  @TempDir Path work;

  @Test
  void sigkillAfterSomeTrialsRerunsOnlyTheUnfinishedOnes() throws Exception {
    List<String> uninterrupted;
    try (JavaProcess run = sweep("uninterrupted", work.resolve("uninterrupted"))) {
      assertEquals(0, run.waitFor(RUN_TIMEOUT), run.describe());
      uninterrupted = run.lines();
    }

    Path store = work.resolve("killed");
    int finished = 2;
    List<String> killed;
    try (JavaProcess run = sweep("killed", store)) {
      // the third trial is under way: its first snapshots were written a few epochs ago (about
      // 0.3 s, ample for a background write), and it has most of its epochs to go
      int at = run.awaitLine(0, line -> matches(EPOCH, line, finished + 1, 5), RUN_TIMEOUT);
      assertTrue(at >= 0, run.describe());
      run.kill();
      run.waitFor(Duration.ofMinutes(1));
      killed = run.lines();
    }
    List<Integer> done = trialsDone(killed);
    assertEquals(List.of(1, 2), done, "trials finished before the kill:\n" + String.join("\n", killed));
    int inProgressEpoch = lastEpochOf(killed, finished + 1);

    Set<Path> before = RunRecords.list(store);
    assertEquals(Set.of(), before, "a killed run closes nothing, so it records nothing");
    List<String> rerun;
    try (JavaProcess run = sweep("rerun", store)) {
      assertEquals(0, run.waitFor(RUN_TIMEOUT), run.describe());
      rerun = run.lines();
    }
    Set<Path> records = new HashSet<>(RunRecords.list(store));
    assertEquals(1, records.size(), "one record, of the rerun");
    List<Map<String, String>> rows = RunRecords.read(records.iterator().next());

    List<String> problems = new ArrayList<>();
    List<String> trialOutcomes = rows.stream()
        .filter(row -> row.get("stage").equals("sweep.trial")).map(row -> row.get("outcome")).toList();
    List<String> expected = new ArrayList<>();
    for (int trial = 1; trial <= TRIALS; trial++) {
      expected.add(trial <= finished ? "DISK" : "COMPUTED");
    }
    if (!trialOutcomes.equals(expected)) {
      problems.add("trial outcomes " + trialOutcomes + ", expected " + expected);
    }
    for (Map<String, String> row : rows) {
      if (DATA_STAGES.contains(row.get("stage")) && !row.get("outcome").equals("DISK")) {
        problems.add(row.get("stage") + " was " + row.get("outcome"));
      }
    }
    for (int trial = 1; trial <= finished; trial++) {
      if (lastEpochOf(rerun, trial) != 0) {
        problems.add("finished trial " + trial + " trained again");
      }
    }
    Optional<Integer> resumed = resumedAt(rerun, finished + 1);
    if (resumed.isEmpty() || resumed.get() < 1 || resumed.get() > inProgressEpoch) {
      problems.add("trial " + (finished + 1) + " was killed after epoch " + inProgressEpoch
          + " and resumed at " + resumed);
    }
    for (int trial = finished + 2; trial <= TRIALS; trial++) {
      if (resumedAt(rerun, trial).isPresent() || lastEpochOf(rerun, trial) != EPOCHS) {
        problems.add("trial " + trial + " should have trained from scratch");
      }
    }
    if (!results(rerun).equals(results(uninterrupted))) {
      problems.add("results " + results(rerun) + ", uninterrupted " + results(uninterrupted));
    }
    System.out.printf(Locale.ROOT, "sweep SIGKILL: killed in trial %d after epoch %d; rerun: trials %s,"
            + " trial %d resumed at epoch %s, best model bit-identical: %s%n", finished + 1, inProgressEpoch,
        trialOutcomes, finished + 1, resumed.map(String::valueOf).orElse("-"),
        first(WEIGHTS, rerun).equals(first(WEIGHTS, uninterrupted)) ? "yes" : "NO");
    Reliability.record("sweep: SIGKILL during a trial, rerun computes only the unfinished trials"
        + " (same results as uninterrupted)", 1, problems.isEmpty() ? 0 : 1);
    assertEquals(List.of(), problems, "rerun:\n" + String.join("\n", rerun) + "\nrecord: " + rows);
  }

  /**
   * Four short trials (two learning rates times two hidden sizes, 14 epochs each): about 0.3 s
   * for each of the first two, 1.3 s for the others.
   */
  private JavaProcess sweep(String name, Path store) throws IOException {
    return JavaProcess.start(work.resolve("logs"), name, SweepMain.class, List.of(
        "--data", Path.of("data", "digits.csv.gz").toAbsolutePath().toString(),
        "--store", store.toString(),
        "--epochs", Integer.toString(EPOCHS),
        "--lr", "0.05,0.2",
        "--hidden", "64,256"));
  }

  private static boolean matches(Pattern pattern, String line, int trial, int epoch) {
    Matcher matcher = pattern.matcher(line);
    return matcher.find() && Integer.parseInt(matcher.group(1)) == trial
        && Integer.parseInt(matcher.group(2)) == epoch;
  }

  private static List<Integer> trialsDone(List<String> lines) {
    List<Integer> done = new ArrayList<>();
    for (String line : lines) {
      Matcher matcher = DONE.matcher(line);
      if (matcher.find()) {
        done.add(Integer.parseInt(matcher.group(1)));
      }
    }
    return done;
  }

  /** The "trial i/n done" lines and the final lines: what the sweep found. */
  private static List<String> results(List<String> lines) {
    return lines.stream()
        .filter(line -> DONE.matcher(line).find() || line.startsWith("best:")
            || line.startsWith("test accuracy:") || WEIGHTS.matcher(line).find())
        .toList();
  }

  private static int lastEpochOf(List<String> lines, int trial) {
    int last = 0;
    for (String line : lines) {
      Matcher matcher = EPOCH.matcher(line);
      if (matcher.find() && Integer.parseInt(matcher.group(1)) == trial) {
        last = Integer.parseInt(matcher.group(2));
      }
    }
    return last;
  }

  private static Optional<Integer> resumedAt(List<String> lines, int trial) {
    for (String line : lines) {
      Matcher matcher = RESUMED.matcher(line);
      if (matcher.find() && Integer.parseInt(matcher.group(1)) == trial) {
        return Optional.of(Integer.parseInt(matcher.group(2)));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> first(Pattern pattern, List<String> lines) {
    for (String line : lines) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
