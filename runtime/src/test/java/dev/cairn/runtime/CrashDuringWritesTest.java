package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM with SIGKILL while it writes checkpoints of sizes from bytes to hundreds of
 * megabytes, at random moments, then checks the store: every checkpoint present is complete and
 * holds exactly what was computed, no temporary file survives the next open, and a rerun reuses
 * what is there. Trials: {@code -Dcairn.crash.trials=N} (default 100).
 */
class CrashDuringWritesTest {
  @TempDir Path dir;

  static final int[] SIZES = {25, 16 << 10, 1 << 20, 16 << 20, 96 << 20}; // floats: 100 B .. 384 MB

  record Blob(int seed, int index, float[] data) {}

  static float[] data(int seed, int index, int size) {
    float[] data = new float[size];
    float base = seed * 31 + index;
    for (int j = 0; j < size; j++) {
      data[j] = base + j * 0.5f;
    }
    return data;
  }

  static StageDescriptor stage() {
    return StageDescriptor.builder("crash.write").codeFingerprint("v1").checkpoint(true)
        .parameter("seed").parameter("index").build();
  }

  /** The worker: writes checkpoints of cycling sizes until killed. Arguments: store, seed. */
  public static void main(String[] args) {
    Path store = Path.of(args[0]);
    int seed = Integer.parseInt(args[1]);
    try (Cairn cairn = Cairn.builder().directory(store).summaryTo(null).memoryBytes(0).build()) {
      PipelineStages stages = PipelineStages.bind(cairn, new Object());
      for (int i = 0; ; i++) {
        int index = i;
        int size = SIZES[(seed + i) % SIZES.length];
        stages.call(stage(), new Object[] {seed, index}, () -> new Blob(seed, index, data(seed, index, size)));
        System.out.println("wrote " + index);
      }
    }
  }

  @Test
  void sigkillDuringWritesNeverLeavesATornOrUnreadableCheckpoint() throws Exception {
    int trials = Integer.getInteger("cairn.crash.trials", 100);
    Random random = new Random(20261204);
    int failures = 0;
    int checkpointsVerified = 0;
    List<String> problems = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      Path store = dir.resolve("store-" + trial);
      Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1500m", "-cp", System.getProperty("java.class.path"),
          CrashDuringWritesTest.class.getName(), store.toString(), Integer.toString(trial))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      Thread.sleep(250 + random.nextInt(1500));
      worker.destroyForcibly(); // SIGKILL
      assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
      try {
        checkpointsVerified += verify(store, trial);
      } catch (AssertionError | Exception e) {
        failures++;
        problems.add("trial " + trial + ": " + e);
      }
      deleteTree(store);
    }
    Reliability.record("SIGKILL while writing checkpoints of 100 B to 384 MB", trials, failures);
    if (failures > 0) {
      fail(failures + " of " + trials + " trials left a bad store: " + problems);
    }
    assertTrue(checkpointsVerified > 0, "some checkpoints were completed before the kills");
  }

  /** Checks one store after a kill; returns how many checkpoints it verified. */
  private static int verify(Path store, int seed) throws IOException {
    if (!Files.exists(store)) {
      return 0; // killed before the store was created
    }
    new LocalDirectoryStore(store); // opening removes the dead writer's temporary files
    try (Stream<Path> files = Files.walk(store)) {
      List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertEquals(List.of(), temps, "temporary files left after reopening");
    }
    int verified = 0;
    Codec codec = new Codec();
    List<Path> checkpoints;
    try (Stream<Path> files = Files.walk(store)) {
      checkpoints = files.filter(p -> p.toString().endsWith(".ckpt")).toList();
    }
    for (Path file : checkpoints) {
      CheckpointFile.Frame frame;
      try {
        frame = CheckpointFile.read(Files.readAllBytes(file));
      } catch (CorruptCheckpointException e) {
        throw new AssertionError(file + " is torn: " + e.getMessage());
      }
      Blob blob = (Blob) codec.deserialize(frame.file(), frame.payloadOffset(), frame.payloadLength(), frame.order());
      assertEquals(seed, blob.seed());
      float[] expected = data(seed, blob.index(), blob.data().length);
      if (!java.util.Arrays.equals(expected, blob.data())) {
        throw new AssertionError(file + " holds wrong data");
      }
      verified++;
    }
    try (Cairn cairn = Cairn.builder().directory(store).summaryTo(null).memoryBytes(0).build()) {
      PipelineStages stages = PipelineStages.bind(cairn, new Object());
      for (int i = 0; i < checkpoints.size(); i++) {
        int index = i;
        stages.call(stage(), new Object[] {seed, index}, () -> {
          throw new AssertionError("checkpoint " + index + " was not reused");
        });
      }
    }
    return verified;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
