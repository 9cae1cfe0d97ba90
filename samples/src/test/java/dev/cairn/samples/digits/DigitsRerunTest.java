package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.samples.RunRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link DigitsMain} in fresh JVMs on one store, the way a user reruns a job, and checks
 * what each run did from its output and from the run record Cairn writes to
 * {@code <store>/runs/<runId>.tsv}.
 *
 * <p>{@link #firstRunComputesEveryStage} trains once; each test then runs again on that store,
 * so the tests do not depend on each other's order.
 */
class DigitsRerunTest {
  /** Enough to train for a few seconds, so skipping it shows; far fewer than the default. */
  private static final int EPOCHS = 15;
  private static final int OTHER_EPOCHS = 5;
  private static final List<String> STAGES =
      List.of("digits.load", "digits.split", "digits.normalize", "digits.train", "digits.evaluate");
  private static final Pattern ACCURACY =
      Pattern.compile("^test accuracy: ([0-9.]+)", Pattern.MULTILINE);

  @TempDir static Path store;
  @TempDir static Path logs;
  private static Run first;

  @BeforeAll
  static void firstRunComputesEveryStage() throws Exception {
    first = digits(EPOCHS);
    for (String stage : STAGES) {
      assertEquals("COMPUTED", first.outcome(stage), first.describe());
    }
    assertEquals(EPOCHS, first.epochLines(), first.describe());
    assertTrue(first.accuracy() > 0.9, first.describe());
  }

  @Test
  void rerunInFreshJvmSkipsEveryCheckpointedStage() throws Exception {
    Run second = digits(EPOCHS);

    for (String stage : STAGES) {
      assertTrue(Set.of("DISK", "MEMORY").contains(second.outcome(stage)),
          stage + " was not reused\n" + second.describe());
    }
    assertFalse(second.outcomes().containsValue("COMPUTED"), second.describe());
    assertEquals(0, second.epochLines(), "the second run trained\n" + second.describe());
    assertEquals(first.accuracyText(), second.accuracyText());
    if (first.millis() > 3_000) { // loose: a first run of several seconds against a quick reread
      assertTrue(second.millis() < first.millis() / 2,
          "first run " + first.millis() + " ms, second " + second.millis() + " ms");
    }
  }

  @Test
  void changingTheEpochCountRetrainsButReusesLoadSplitAndNormalize() throws Exception {
    Run other = digits(OTHER_EPOCHS);

    assertEquals("COMPUTED", other.outcome("digits.train"), other.describe());
    assertEquals("COMPUTED", other.outcome("digits.evaluate"), other.describe());
    for (String stage : List.of("digits.load", "digits.split", "digits.normalize")) {
      assertEquals("DISK", other.outcome(stage), stage + "\n" + other.describe());
    }
    assertEquals(OTHER_EPOCHS, other.epochLines(), other.describe());
  }

  /** Runs {@code DigitsMain} in a new JVM with this test's class path and waits for it. */
  private static Run digits(int epochs) throws IOException, InterruptedException {
    Set<Path> recordsBefore = RunRecords.list(store);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = List.of(
        java.toString(),
        "-cp", System.getProperty("java.class.path"),
        DigitsMain.class.getName(),
        "--data", SampleData.DIGITS.toAbsolutePath().toString(),
        "--store", store.toString(),
        "--epochs", Integer.toString(epochs));
    Path log = Files.createTempFile(logs, "digits-", ".log");
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("DigitsMain did not finish in 5 minutes:\n" + Files.readString(log));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), "DigitsMain failed:\n" + output);

    Set<Path> newRecords = new HashSet<>(RunRecords.list(store));
    newRecords.removeAll(recordsBefore);
    assertEquals(1, newRecords.size(), "expected one new run record in " + store + "\n" + output);
    return new Run(output, millis, RunRecords.read(newRecords.iterator().next()));
  }

  /** What one run printed, how long it took and what its run record says. */
  private record Run(String output, long millis, List<Map<String, String>> record) {

    /** Stage id to outcome; each digits stage is called once per run. */
    Map<String, String> outcomes() {
      Map<String, String> outcomes = new LinkedHashMap<>();
      for (Map<String, String> row : record) {
        String previous = outcomes.put(row.get("stage"), row.get("outcome"));
        assertEquals(null, previous, "stage " + row.get("stage") + " called twice\n" + describe());
      }
      return outcomes;
    }

    String outcome(String stage) {
      return outcomes().getOrDefault(stage, "<not called>");
    }

    String accuracyText() {
      Matcher matcher = ACCURACY.matcher(output);
      assertTrue(matcher.find(), "no accuracy line\n" + describe());
      return matcher.group(1);
    }

    double accuracy() {
      return Double.parseDouble(accuracyText());
    }

    long epochLines() {
      return output.lines().filter(line -> line.trim().startsWith("epoch ")).count();
    }

    String describe() {
      StringBuilder text = new StringBuilder("run took " + millis + " ms; record:\n");
      record.forEach(row -> text.append("  ").append(row).append('\n'));
      return text.append("output:\n").append(output).toString();
    }
  }
}
