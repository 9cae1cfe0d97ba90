package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Several JVMs running the same pipeline on one store at once. */
class ConcurrentRunsTest {
  @TempDir Path dir;

  /**
   * The worker: three checkpointed stages that each take a while and append their name to a log
   * shared by all workers, then print the result. Arguments: store, log file, then {@code locks}
   * (the local store's file locks) or {@code leases} (lease objects, as on an object store), then
   * optionally {@code hold} to compute one long stage instead.
   */
  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[1]);
    CheckpointStore store = args[2].equals("leases") ? new LeaseStore(Path.of(args[0]))
        : new LocalDirectoryStore(Path.of(args[0]));
    if (args.length > 3 && args[3].equals("hold")) {
      holdALock(store);
      return;
    }
    Object pipeline = new Object();
    try (Cairn cairn = Cairn.builder().store(store).summaryTo(null)
        .lockLease(Duration.ofSeconds(2)).build()) {
      PipelineStages stages = PipelineStages.bind(cairn, pipeline);
      List<Long> a = stages.call(stage("a"), new Object[] {100}, () -> work(log, "a", 100));
      List<Long> b = stages.call(stage("b"), new Object[] {a}, () -> {
        append(log, "b");
        Thread.sleep(700);
        return a.stream().map(x -> x * 3).toList();
      });
      long c = stages.call(stage("c"), new Object[] {b}, () -> {
        append(log, "c");
        Thread.sleep(700);
        return b.stream().mapToLong(Long::longValue).sum();
      });
      System.out.println("result=" + c);
    }
  }

  /** Computes one long stage, so that the test can terminate this JVM while it holds the lock. */
  private static void holdALock(CheckpointStore store) {
    try (Cairn cairn = Cairn.builder().store(store).summaryTo(null).build()) {
      PipelineStages.bind(cairn, new Object()).call(stage("long"), new Object[] {1}, () -> {
        System.out.println("computing");
        System.out.flush();
        Thread.sleep(60_000);
        return 1;
      });
    }
  }

  private static StageDescriptor stage(String name) {
    return StageDescriptor.builder("shared." + name).codeFingerprint(name).checkpoint(true)
        .parameter("input").build();
  }

  private static List<Long> work(Path log, String name, int n) throws Exception {
    append(log, name);
    Thread.sleep(700);
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i * i);
    }
    return out;
  }

  private static void append(Path log, String line) throws IOException {
    Files.write(log, (line + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static Process start(Path store, Path log, String locking, String... mode) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ConcurrentRunsTest.class.getName(),
        store.toString(), log.toString(), locking));
    command.addAll(List.of(mode));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Starts a worker that holds the lock of one long stage call, once it holds it. */
  private static Process holder(Path store, Path log, String locking) throws Exception {
    Process holder = start(store, log, locking, "hold");
    BufferedReader out = new BufferedReader(
        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.equals("computing")) {
        return holder;
      }
    }
    throw new AssertionError("the holder ended before computing, exit " + holder.waitFor());
  }

  /** The name of the lock on the holder's stage call. */
  private static String holdersLock() {
    KeyBuilder keys = new KeyBuilder(new Codec(), new ResultRegistry());
    return CheckpointNames.lock("shared.long", keys.key(new Object(), stage("long"), new Object[] {1}, 0).hash());
  }

  private static List<Path> locks(Path store) throws IOException {
    if (!Files.exists(store.resolve("locks"))) {
      return List.of();
    }
    try (var files = Files.walk(store.resolve("locks"))) {
      return files.filter(p -> p.toString().endsWith(".lock")).toList();
    }
  }

  @Test
  void fileLockOfAKilledProcessIsFreeAtOnce() throws Exception {
    Path store = dir.resolve("store");
    Process holder = holder(store, dir.resolve("computed.log"), "locks");
    StageLocks locks = new StageLocks(new LocalDirectoryStore(store), Duration.ofSeconds(30));
    StageLocks.Attempt whileAlive = locks.tryLock(holdersLock());
    assertTrue(whileAlive instanceof StageLocks.HeldByOther, "held by the live holder: " + whileAlive);
    holder.destroyForcibly(); // SIGKILL
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    StageLocks.Attempt attempt = locks.tryLock(holdersLock());
    assertTrue(attempt instanceof StageLocks.Acquired, "free once its process is gone: " + attempt);
    ((StageLocks.Acquired) attempt).lock().close();
    locks.close();
    assertEquals(List.of(), locks(store), "file locks leave no lock object behind");
    Reliability.record("file lock of a SIGKILLed process free at once", 1, 0);
  }

  @Test
  void leaseOfAProcessKilledOnThisMachineIsTakenOverWithoutWaitingForTheLease() throws Exception {
    Path store = dir.resolve("store");
    Process holder = holder(store, dir.resolve("computed.log"), "leases");
    assertEquals(1, locks(store).size(), "the holder took its lease");
    holder.destroyForcibly(); // SIGKILL: the lease stays, with 30 s to run
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, locks(store).size());

    StageLocks locks = new StageLocks(new LeaseStore(store), Duration.ofSeconds(30));
    long started = System.nanoTime();
    StageLocks.Attempt attempt = locks.tryLock(holdersLock());
    assertTrue(attempt instanceof StageLocks.Acquired, "taken over: " + attempt);
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "without waiting for the lease");
    ((StageLocks.Acquired) attempt).lock().close();
    locks.close();
    Reliability.record("lease lock of a SIGKILLed process on this machine taken over at once", 1, 0);
  }

  @Test
  void terminatedJvmReleasesItsLeases() throws Exception {
    Path store = dir.resolve("store");
    Process holder = holder(store, dir.resolve("computed.log"), "leases");
    assertEquals(1, locks(store).size(), "the holder took its lease");
    holder.toHandle().destroy(); // SIGTERM
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), locks(store), "released on SIGTERM");
  }

  @ParameterizedTest
  @ValueSource(strings = {"locks", "leases"})
  void fourJvmsOnOneStoreComputeEachStageOnceAndAgree(String locking) throws Exception {
    Path store = dir.resolve("store");
    Path log = dir.resolve("computed.log");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(start(store, log, locking));
    }
    long expected = 0;
    for (long i = 0; i < 100; i++) {
      expected += i * i * 3;
    }
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("result=" + expected), out);
    }
    Map<String, Long> computed = Files.readAllLines(log).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertEquals(Map.of("a", 1L, "b", 1L, "c", 1L), computed, "each stage computed by one JVM only");
    Reliability.record("4 JVMs run one pipeline on one store, " + (locking.equals("locks")
        ? "file locks" : "lease locks") + " (each stage computed once)", 1, 0);
    try (var files = Files.walk(store)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".lock")
          || p.getFileName().toString().endsWith(".tmp")).toList(), "no lock or temporary file left");
    }
  }

  @Test
  void lockLeftByAKilledProcessIsTakenOverAfterItsLeaseExpires() throws Exception {
    Path store = dir.resolve("store");
    Path log = dir.resolve("computed.log");
    LeaseStore local = new LeaseStore(store);
    String lock = CheckpointNames.lock("shared.a", keyOfStageA());
    long expires = System.currentTimeMillis() + 1500;
    local.put(lock, channel -> channel.write(ByteBuffer.wrap(
        ("owner=999999/dead\nexpires=" + expires + "\n").getBytes(StandardCharsets.UTF_8))));
    long started = System.nanoTime();
    Process p = start(store, log, "leases");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("result="), out);
    assertTrue(System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(1000),
        "it waited for the lease to expire");
    assertEquals(List.of("a", "b", "c"), Files.readAllLines(log));
    Reliability.record("lock of a killed process taken over after its lease", 1, 0);
  }

  private static Hash keyOfStageA() {
    KeyBuilder keys = new KeyBuilder(new Codec(), new ResultRegistry());
    return keys.key(new Object(), stage("a"), new Object[] {100}, 0).hash();
  }
}
