package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @TempDir Path dir;

  record State(int step, double[] weights) {}

  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private final StageDescriptor train = checkpointed("test.train", "steps");
  private final Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);

  /** A training loop that draws from the stage's random generator and saves every step. */
  private double[] train(int steps, int crashAfter) {
    Progress<State> progress = Progress.of(State.class);
    State s = progress.restore().orElseGet(() -> new State(0, new double[8]));
    DeterministicRandom random = progress.random();
    for (int step = s.step(); step < steps; step++) {
      if (step == crashAfter) {
        throw new Crash();
      }
      double[] w = s.weights().clone();
      for (int i = 0; i < w.length; i++) {
        w[i] += random.nextGaussian() * 0.1 + step;
      }
      s = new State(step + 1, w);
      pipeline.runs.incrementAndGet();
      if (progress.due()) {
        progress.save(s);
        pauseForTheBackgroundWrite();
      }
    }
    return s.weights();
  }

  /** Lets each snapshot reach the store, so that retention and fallback have several to work on. */
  private static void pauseForTheBackgroundWrite() {
    try {
      Thread.sleep(30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private double[] runTraining(int crashAfter) {
    try (Cairn cairn = Stages.open(dir)) {
      return call(cairn, pipeline, train, () -> train(10, crashAfter), 10);
    }
  }

  @Test
  void resumedStageIsBitIdenticalToAnUninterruptedOne(@TempDir Path other) {
    double[] uninterrupted;
    try (Cairn cairn = Stages.open(other)) {
      uninterrupted = call(cairn, pipeline, train, () -> train(10, -1), 10);
    }
    pipeline.runs.set(0);
    assertThrows(Crash.class, () -> runTraining(4));
    assertThrows(Crash.class, () -> runTraining(7));
    double[] resumed = runTraining(-1);
    assertArrayEquals(uninterrupted, resumed);
    assertEquals(10, pipeline.runs.get(), "every step ran exactly once across the three runs");
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, train, () -> train(10, -1), 10);
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
    }
    assertEquals(List.of(), snapshots(), "snapshots are removed once the result is checkpointed");
  }

  @Test
  void resumedCallSaysSoInItsRecord() {
    assertThrows(Crash.class, () -> runTraining(4));
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, train, () -> train(10, -1), 10);
      String reason = cairn.lastRun().calls().get(0).reason();
      assertTrue(reason.endsWith("; resumed from progress snapshot 4"), reason);
    }
  }

  /** A store that cannot write checkpoints, only progress snapshots and the rest. */
  static final class CheckpointsFail extends LeaseStore {
    CheckpointsFail(Path dir) {
      super(dir);
    }

    @Override
    public boolean putIfAbsent(String name, Content content) throws IOException {
      return putIfAbsent(name, content, Durability.DURABLE);
    }

    @Override
    public boolean putIfAbsent(String name, Content content, Durability durability) throws IOException {
      if (name.startsWith("checkpoints/")) {
        throw new IOException("No space left on device");
      }
      return super.putIfAbsent(name, content, durability);
    }

    @Override
    public void put(String name, Content content) throws IOException {
      put(name, content, Durability.DURABLE);
    }

    @Override
    public void put(String name, Content content, Durability durability) throws IOException {
      if (name.startsWith("checkpoints/")) {
        throw new IOException("No space left on device");
      }
      super.put(name, content, durability);
    }
  }

  @Test
  void aCheckpointThatCannotBeWrittenFailFastLeavesTheProgressForTheNextRun() {
    try (Cairn cairn = Cairn.builder().store(new CheckpointsFail(dir)).failOnStoreErrors(true)
        .summaryTo(null).build()) {
      IllegalStateException failure = assertThrows(IllegalStateException.class,
          () -> call(cairn, pipeline, train, () -> train(10, -1), 10));
      assertTrue(failure.getMessage().contains("could not write checkpoint"), failure.getMessage());
      assertEquals(0, cairn.engine().preemption().active(),
          "after the failed call, no progress should remain registered for a SIGTERM to save");
    }
    pipeline.runs.set(0);
    try (Cairn cairn = Cairn.builder().store(new LeaseStore(dir)).summaryTo(null).build()) {
      call(cairn, pipeline, train, () -> train(10, -1), 10);
      String reason = cairn.lastRun().calls().get(0).reason();
      assertTrue(reason.endsWith("; resumed from progress snapshot 10"), reason);
    }
    assertEquals(0, pipeline.runs.get(), "every step was saved by the run whose checkpoint failed");
  }

  @Test
  void onlyTheLastSnapshotsAreKept() {
    assertThrows(Crash.class, () -> runTraining(6));
    List<Path> left = snapshots();
    assertTrue(left.size() == 2 || left.size() == 1, "at most snapshotsKept (2) remain: " + left);
    assertTrue(left.get(left.size() - 1).getFileName().toString().startsWith("0000000000000006"),
        "the newest is the last step saved: " + left);
  }

  @Test
  void damagedNewestSnapshotFallsBackToTheOneBefore() throws IOException {
    assertThrows(Crash.class, () -> runTraining(6));
    List<Path> kept = snapshots();
    assertEquals(2, kept.size());
    // The older one is usually step 5; on a loaded machine a newer save may have superseded it
    // before it was written, so read its step from its name.
    int before = Integer.parseInt(kept.get(0).getFileName().toString().substring(0, 16));
    Path newest = kept.get(1);
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length - 6] ^= 1;
    Files.write(newest, bytes);
    pipeline.runs.set(0);
    double[] resumed = runTraining(-1);
    assertEquals(10 - before, pipeline.runs.get(), "resumed after step " + before + ", not 6 and not 0");
    double[] uninterrupted;
    try (Cairn cairn = Stages.open(dir.resolve("fresh"))) {
      uninterrupted = call(cairn, pipeline, train, () -> train(10, -1), 10);
    }
    assertArrayEquals(uninterrupted, resumed);
  }

  @Test
  void outsideAnyStageProgressIsDetachedSoThePlainClassStillRuns() {
    double[] plain = train(10, -1);
    assertEquals(10, pipeline.runs.get());
    assertArrayEquals(plain, train(10, -1), "detached progress is deterministic too");
    assertEquals(List.of(), snapshots());
  }

  @Test
  void progressInAStageWithoutCheckpointIsAClearError() {
    try (Cairn cairn = Stages.open(dir)) {
      IllegalStateException memo = assertThrows(IllegalStateException.class,
          () -> call(cairn, pipeline, Stages.memoized("test.memo"), () -> Progress.of(State.class)));
      assertTrue(memo.getMessage().contains("test.memo"), memo.getMessage());
    }
  }

  @Test
  void policiesDecideWhenASaveIsDue() {
    assertFalse(ProgressPolicy.everyCalls(3).due(2, 0));
    assertTrue(ProgressPolicy.everyCalls(3).due(3, 0));
    assertFalse(ProgressPolicy.every(Duration.ofSeconds(1)).due(100, 999_000_000L));
    assertTrue(ProgressPolicy.every(Duration.ofSeconds(1)).due(1, 1_000_000_000L));
    assertTrue(ProgressPolicy.everyCalls(10).orEvery(Duration.ofMillis(1)).due(1, 2_000_000L));
    assertThrows(IllegalArgumentException.class, () -> ProgressPolicy.everyCalls(0));
  }

  @Test
  void perStagePolicyOverridesTheGlobalOne() {
    try (Cairn cairn = Cairn.builder().directory(dir).summaryTo(null)
        .progressPolicy(ProgressPolicy.everyCalls(1))
        .progressPolicy("test.train", ProgressPolicy.everyCalls(4)).build()) {
      assertThrows(Crash.class, () -> call(cairn, pipeline, train, () -> train(10, 7), 10));
    }
    List<Path> left = snapshots();
    assertEquals(1, left.size(), "saved at step 4 only: " + left);
  }

  private List<Path> snapshots() {
    Path progress = dir.resolve("progress");
    if (!Files.exists(progress)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(progress)) {
      return files.filter(p -> p.toString().endsWith(".snap")).sorted().toList();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
