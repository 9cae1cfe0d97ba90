package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.samples.JavaProcess;
import dev.cairn.samples.Reliability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupts digits training in fresh JVMs the way a crash, the OOM killer or a scheduler does
 * (SIGKILL, SIGTERM), restarts it, and checks that it always ends with the weights of a run that
 * was never interrupted, bit for bit, without ever reading a damaged progress snapshot and
 * without redoing more than a fraction of an epoch per interruption.
 *
 * <p>{@code -Dcairn.kills=N} sets the number of SIGKILLs (20 by default);
 * {@code -Dcairn.kills.seed=S} replays the kill moments of an earlier run (its seed is printed).
 * A rerun never waits for the lock of the run it replaces: the local store's file locks are
 * released by the operating system when the killed process dies.
 */
class DigitsPreemptionTest {
  private static final int KILLS = Integer.getInteger("cairn.kills", 20);
  /**
   * Each kill lands at most about two epochs after the run started training, so training
   * outlasts the kills however they fall.
   */
  private static final int EPOCHS = 2 * KILLS + 10;
  private static final Pattern EPOCH = Pattern.compile("^\\s*epoch\\s+(\\d+)/(\\d+)\\s");
  private static final Pattern RESUMED = Pattern.compile("^\\s*resumed at epoch (\\d+) of (\\d+)");
  private static final Pattern WEIGHTS = Pattern.compile("^model weights sha-256: ([0-9a-f]{64})$");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  @TempDir static Path work;
  private static String uninterruptedWeights;
  private static long epochMillis;

  /** The reference: the same training, never interrupted. */
  @BeforeAll
  static void trainWithoutInterruption() throws Exception {
    try (JavaProcess run = digits("uninterrupted", work.resolve("uninterrupted"))) {
      assertEquals(0, run.waitFor(RUN_TIMEOUT), run.describe());
      Output output = Output.of(run.lines(), run.stderr());
      assertEquals(rangeClosed(1, EPOCHS), output.epochs(), run.describe());
      assertEquals(Optional.empty(), output.resumedAt(), run.describe());
      uninterruptedWeights = output.weights().orElseThrow(() -> new AssertionError(run.describe()));
      List<String> lines = run.lines();
      int first = indexOf(lines, EPOCH, 0);
      int last = lines.size() - 1;
      while (!EPOCH.matcher(lines.get(last)).find()) {
        last--;
      }
      epochMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(
          (run.nanosOf(last) - run.nanosOf(first)) / Math.max(1, EPOCHS - 1)));
    }
  }

  @Test
  void sigkillAtRandomMomentsResumesToBitIdenticalWeights() throws Exception {
    long seed = Long.getLong("cairn.kills.seed", System.nanoTime());
    Random random = new Random(seed);
    Path store = work.resolve("killed");
    List<Output> runs = new ArrayList<>();
    long started = System.nanoTime();
    for (int kill = 1; kill <= KILLS; kill++) {
      try (JavaProcess run = digits("kill-" + kill, store)) {
        String moment;
        if (random.nextInt(5) == 0) {
          // now and then during start-up: JVM, reading checkpoints, waiting for the lock, restoring
          long delay = random.nextInt(1500);
          Thread.sleep(delay);
          moment = delay + " ms after start";
        } else {
          // in training: 0 or 1 epochs after the first training line, anywhere within an epoch
          int at = run.awaitLine(0, line -> EPOCH.matcher(line).find() || RESUMED.matcher(line).find(), RUN_TIMEOUT);
          assertTrue(at >= 0, "run " + kill + " never trained (seed " + seed + ")\n" + run.describe());
          if (random.nextBoolean()) {
            at = run.awaitLine(at + 1, line -> EPOCH.matcher(line).find(), RUN_TIMEOUT);
            assertTrue(at >= 0, "run " + kill + " stopped training (seed " + seed + ")\n" + run.describe());
          }
          long delay = random.nextInt((int) epochMillis);
          Thread.sleep(delay);
          moment = delay + " ms after '" + run.lines().get(at).trim() + "'";
        }
        assertTrue(run.isAlive(), "run " + kill + " ended before its kill (seed " + seed + ")\n" + run.describe());
        run.kill();
        run.waitFor(Duration.ofMinutes(1));
        runs.add(Output.of(run.lines(), run.stderr()).killed(moment));
      }
    }
    Output last;
    try (JavaProcess run = digits("after-kills", store)) {
      assertEquals(0, run.waitFor(RUN_TIMEOUT), run.describe());
      last = Output.of(run.lines(), run.stderr());
      runs.add(last);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    List<String> problems = checkResumes(runs);
    boolean identical = last.weights().equals(Optional.of(uninterruptedWeights));
    if (!identical) {
      problems.add("final weights " + last.weights() + ", uninterrupted " + uninterruptedWeights);
    }
    problems.addAll(quarantined(store));
    int epochLines = runs.stream().mapToInt(run -> run.epochs().size()).sum();
    int recomputed = epochLines - EPOCHS;
    if (recomputed >= KILLS) {
      problems.add(recomputed + " epochs recomputed for " + KILLS + " kills");
    }
    System.out.printf(Locale.ROOT, "digits SIGKILL: %d kills (seed %d) in %d s, %d epochs of %d recomputed,"
            + " resumed at %s, weights bit-identical: %s%n", KILLS, seed, seconds, recomputed, EPOCHS,
        runs.stream().map(run -> run.resumedAt().map(String::valueOf).orElse("-")).toList(),
        identical ? "yes" : "NO");
    Reliability.record("digits training: SIGKILL at random moments, rerun until done"
        + " (weights bit-identical, no damaged snapshot read, < 1 epoch recomputed per kill)",
        KILLS, problems.isEmpty() ? 0 : Math.max(1, problems.size()));
    assertEquals(List.of(), problems, "seed " + seed + ", runs:\n" + describe(runs));
    assertEquals(List.of(), snapshots(store), "progress snapshots are deleted once training is checkpointed");
  }

  @Test
  void sigtermMidEpochSavesThatEpochAndExitsWithinTheGracePeriod() throws Exception {
    int graceSeconds = 5;
    Path store = work.resolve("terminated");
    int seen;
    long exitMillis;
    int exit;
    Output terminated;
    // a policy that never saves by itself: whatever the rerun resumes from was saved because of SIGTERM
    try (JavaProcess run = digits("sigterm", store,
        "--save-every", "1000000", "--grace-seconds", Integer.toString(graceSeconds))) {
      int third = run.awaitLine(0, line -> epochOf(line) == 3, RUN_TIMEOUT);
      assertTrue(third >= 0, run.describe());
      Thread.sleep(epochMillis / 2);
      seen = Output.of(run.lines(), "").lastEpoch(); // the epoch after this one is in progress
      long signalled = System.nanoTime();
      run.terminate();
      exit = run.waitFor(Duration.ofSeconds(graceSeconds + 60));
      exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
      terminated = Output.of(run.lines(), run.stderr());
    }
    List<Path> snapshots = snapshots(store);
    Output rerun;
    try (JavaProcess run = digits("after-sigterm", store)) {
      assertEquals(0, run.waitFor(RUN_TIMEOUT), run.describe());
      rerun = Output.of(run.lines(), run.stderr());
    }

    List<String> problems = new ArrayList<>();
    if (exit != 143) { // 128 + SIGTERM: the JVM ran its shutdown hooks and exited
      problems.add("exit code " + exit + " after SIGTERM");
    }
    if (exitMillis > (graceSeconds + 10) * 1000L) { // the grace, plus slack for a slow JVM
      problems.add("exited " + exitMillis + " ms after SIGTERM, grace " + graceSeconds + " s");
    }
    if (!terminated.stderr().contains("Termination requested")) {
      problems.add("no termination warning on stderr");
    }
    if (terminated.stderr().contains("could not be made durable") || terminated.stderr().contains("unusable")) {
      problems.add("a snapshot was not saved or not readable");
    }
    if (snapshots.isEmpty()) {
      problems.add("no progress snapshot after SIGTERM");
    }
    int resumedAt = rerun.resumedAt().orElse(0);
    // the epoch in progress at the signal finished and was saved; nothing after the last save is lost
    if (resumedAt < seen + 1 || resumedAt > terminated.lastEpoch()) {
      problems.add("signal during epoch " + (seen + 1) + ", last epoch printed " + terminated.lastEpoch()
          + ", rerun resumed at " + rerun.resumedAt());
    }
    if (!rerun.epochs().equals(rangeClosed(resumedAt + 1, EPOCHS))) {
      problems.add("rerun trained epochs " + rerun.epochs());
    }
    boolean identical = rerun.weights().equals(Optional.of(uninterruptedWeights));
    if (!identical) {
      problems.add("final weights " + rerun.weights() + ", uninterrupted " + uninterruptedWeights);
    }
    System.out.printf(Locale.ROOT, "digits SIGTERM: signal during epoch %d, exited %d ms later (code %d),"
            + " rerun resumed at epoch %d, weights bit-identical: %s%n",
        seen + 1, exitMillis, exit, resumedAt, identical ? "yes" : "NO");
    Reliability.record("digits training: SIGTERM mid-epoch (that epoch saved, exit within the grace period,"
        + " weights bit-identical)", 1, problems.isEmpty() ? 0 : 1);
    assertEquals(List.of(), problems, describe(List.of(terminated, rerun)));
  }

  /**
   * Checks each run against the ones before it: it resumed no further than they had trained and
   * no earlier than a previous run had resumed, trained consecutive epochs from there, and never
   * found a damaged snapshot.
   */
  private static List<String> checkResumes(List<Output> runs) {
    List<String> problems = new ArrayList<>();
    int trained = 0;
    int resumed = 0;
    for (int i = 0; i < runs.size(); i++) {
      Output run = runs.get(i);
      String name = "run " + (i + 1) + (run.killed() == null ? "" : " (killed " + run.killed() + ")");
      if (run.stderr().contains("unusable") || run.stderr().contains("Exception")
          || run.stderr().contains("ERROR")) {
        problems.add(name + ": stderr reports a problem");
      }
      Optional<Integer> at = run.resumedAt();
      if (at.isPresent() && (at.get() > trained || at.get() < resumed)) {
        problems.add(name + ": resumed at epoch " + at.get() + " after runs that trained to " + trained
            + " and resumed at " + resumed);
      }
      boolean training = at.isPresent() || !run.epochs().isEmpty();
      if (training && at.isEmpty() && resumed > 0) {
        problems.add(name + ": started from scratch although a snapshot of epoch " + resumed + " was read before");
      }
      int from = at.orElse(0);
      if (!run.epochs().equals(rangeClosed(from + 1, from + run.epochs().size()))) {
        problems.add(name + ": epochs " + run.epochs() + " after resuming at " + from);
      }
      resumed = Math.max(resumed, from);
      trained = Math.max(trained, run.lastEpoch());
    }
    return problems;
  }

  private static List<String> quarantined(Path store) throws IOException {
    Path quarantine = store.resolve("quarantine");
    if (!Files.exists(quarantine)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(quarantine)) {
      return files.filter(Files::isRegularFile).map(file -> "set aside as damaged: " + file).toList();
    }
  }

  private static List<Path> snapshots(Path store) throws IOException {
    Path progress = store.resolve("progress");
    if (!Files.exists(progress)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(progress)) {
      return files.filter(file -> file.toString().endsWith(".snap")).sorted().toList();
    }
  }

  /** Starts {@code DigitsMain} (512 hidden units, about 150 ms an epoch on two cores). */
  private static JavaProcess digits(String name, Path store, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of(
        "--data", SampleData.DIGITS.toAbsolutePath().toString(),
        "--store", store.toString(),
        "--epochs", Integer.toString(EPOCHS)));
    args.addAll(List.of(options));
    return JavaProcess.start(work.resolve("logs"), name, DigitsMain.class, args);
  }

  private static int epochOf(String line) {
    Matcher matcher = EPOCH.matcher(line);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private static int indexOf(List<String> lines, Pattern pattern, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + pattern + " in\n" + String.join("\n", lines));
  }

  private static List<Integer> rangeClosed(int from, int to) {
    List<Integer> range = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      range.add(i);
    }
    return range;
  }

  private static String describe(List<Output> runs) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      Output run = runs.get(i);
      text.append("run ").append(i + 1).append(run.killed() == null ? "" : ", killed " + run.killed())
          .append(": resumed at ").append(run.resumedAt().map(String::valueOf).orElse("-"))
          .append(", epochs ").append(run.epochs()).append('\n');
      if (!run.stderr().isBlank()) {
        text.append(run.stderr().indent(4));
      }
    }
    return text.toString();
  }

  /** What one run of {@code DigitsMain} printed. */
  private record Output(List<String> lines, String stderr, String killed) {
    static Output of(List<String> lines, String stderr) {
      return new Output(lines, stderr, null);
    }

    Output killed(String moment) {
      return new Output(lines, stderr, moment);
    }

    List<Integer> epochs() {
      return lines.stream().mapToInt(DigitsPreemptionTest::epochOf).filter(e -> e >= 0).boxed().toList();
    }

    int lastEpoch() {
      List<Integer> epochs = epochs();
      return epochs.isEmpty() ? resumedAt().orElse(0) : epochs.get(epochs.size() - 1);
    }

    Optional<Integer> resumedAt() {
      return first(RESUMED).map(Integer::parseInt);
    }

    Optional<String> weights() {
      return first(WEIGHTS);
    }

    private Optional<String> first(Pattern pattern) {
      for (String line : lines) {
        Matcher matcher = pattern.matcher(line);
        if (matcher.find()) {
          return Optional.of(matcher.group(1));
        }
      }
      return Optional.empty();
    }
  }
}
