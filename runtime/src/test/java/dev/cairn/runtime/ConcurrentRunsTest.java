package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
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

/** Several JVMs running the same pipeline on one store at once. */
class ConcurrentRunsTest {
  @TempDir Path dir;

  /**
   * The worker: three checkpointed stages that each take a while and append their name to a log
   * shared by all workers, then print the result. Arguments: store, log file.
   */
  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Path log = Path.of(args[1]);
    Object pipeline = new Object();
    try (Cairn cairn = Cairn.builder().directory(store).summaryTo(null)
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

  private static Process start(Path store, Path log) throws IOException {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ConcurrentRunsTest.class.getName(),
        store.toString(), log.toString())
        .redirectErrorStream(true)
        .start();
  }

  @Test
  void fourJvmsOnOneStoreComputeEachStageOnceAndAgree() throws Exception {
    Path store = dir.resolve("store");
    Path log = dir.resolve("computed.log");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(start(store, log));
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
    Reliability.record("4 JVMs run one pipeline on one store (each stage computed once)", 1, 0);
    try (var files = Files.walk(store)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".lock")
          || p.getFileName().toString().endsWith(".tmp")).toList(), "no lock or temporary file left");
    }
  }

  @Test
  void lockLeftByAKilledProcessIsTakenOverAfterItsLeaseExpires() throws Exception {
    Path store = dir.resolve("store");
    Path log = dir.resolve("computed.log");
    LocalDirectoryStore local = new LocalDirectoryStore(store);
    String lock = CheckpointNames.lock("shared.a", keyOfStageA());
    long expires = System.currentTimeMillis() + 1500;
    local.put(lock, channel -> channel.write(ByteBuffer.wrap(
        ("owner=999999/dead\nexpires=" + expires + "\n").getBytes(StandardCharsets.UTF_8))));
    long started = System.nanoTime();
    Process p = start(store, log);
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
