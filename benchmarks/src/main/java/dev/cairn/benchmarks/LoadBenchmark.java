package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.Outcome;
import dev.cairn.runtime.RunReport;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Issue 6, items 2 and 3 (disk): loading checkpoints like those {@link SaveBenchmark} writes.
 * {@link #cairn} is a stage call answered from disk: the store holds {@link #keys(Object)}
 * checkpoints of the payload under different keys, the {@link Cairn} has no memory tier
 * ({@code memoryBytes(0)}), and the invocations cycle through the keys, so each call computes the
 * key, misses memory, reads the file, verifies both checksums and the recorded class shapes, and
 * deserializes a fresh value. The memory tier evicts asynchronously, so a rare call may still be
 * answered from memory: the split is printed, and the trial fails if fewer than 95% of the calls
 * were disk hits (in practice over 99% are). The baselines
 * read a file of the same content: raw bytes into a fresh array (the limit), and
 * {@link java.io.ObjectInputStream}. All files are read from the page cache (they were just
 * written), for all three alike; one-time costs of a new process (opening the store, class
 * loading) are not part of a load.
 *
 * <p>The heap is fixed and touched before the measurement ({@code -XX:+AlwaysPreTouch}): a load
 * allocates two arrays as large as the payload, and on this benchmark's virtual machine the first
 * touch of memory the JVM has not used before costs a fault to the host. While G1 grew the heap
 * instead of collecting, a 64 MiB load measured 380 ms instead of 23 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class LoadBenchmark {
  static final StageDescriptor LOAD = StageDescriptor.builder("bench.load")
      .codeFingerprint("load-1").checkpoint(true).parameter("run").build();

  /** See {@link Payloads}. */
  @Param({"floats:1MiB", "floats:64MiB", "floats:400MiB", "records:1M"})
  public String payload;

  private Path work;
  private Path store;
  private Path file;
  private ByteBuffer buffer;
  private boolean floats;
  private Cairn cairn;
  private PipelineStages stages;
  private int keys;
  private long next;

  /** How many checkpoints to cycle through: at least 4, and about 256 MiB of them. */
  static int keys(Object value) {
    long bytes = value instanceof float[] a ? (long) a.length * Float.BYTES : 16L * ((java.util.List<?>) value).size();
    return (int) Math.max(4, Math.min(64, (256L << 20) / Math.max(1, bytes)));
  }

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException {
    Object value = Payloads.create(payload);
    floats = value instanceof float[];
    work = Baselines.newWorkDirectory("cairn-load");
    store = work.resolve("store");
    file = work.resolve("baseline.bin");
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    switch (method) {
      case "cairn" -> {
        keys = keys(value);
        try (Cairn writer = Cairn.builder().directory(store).summaryTo(null).build()) {
          PipelineStages writing = PipelineStages.bind(writer, this);
          for (long k = 0; k < keys; k++) {
            writing.call(LOAD, new Object[] {k}, () -> value);
          }
        }
        cairn = Cairn.builder().directory(store).memoryBytes(0).summaryTo(null).build();
        stages = PipelineStages.bind(cairn, this);
      }
      case "raw" -> {
        if (value instanceof float[] array) {
          buffer = Baselines.directBuffer((long) array.length * Float.BYTES);
          Baselines.rawWrite(file, Baselines.fill(buffer, array));
        } else {
          // An object graph has no raw form: the limit is reading as many bytes as Cairn reads.
          long size = cairnFileSize(value);
          buffer = Baselines.directBuffer(size);
          Baselines.rawWrite(file, Baselines.fill(buffer, new byte[Math.toIntExact(size)]));
        }
      }
      case "objectInputStream" -> Baselines.objectStreamWrite(file, value);
      default -> throw new IllegalStateException("unknown benchmark " + method);
    }
  }

  private long cairnFileSize(Object value) throws IOException {
    Path sizing = work.resolve("sizing");
    try (Cairn writer = Cairn.builder().directory(sizing).summaryTo(null).build()) {
      PipelineStages.bind(writer, this).call(LOAD, new Object[] {0L}, () -> value);
    }
    try (Stream<Path> files = Files.walk(sizing.resolve("checkpoints"))) {
      return files.filter(p -> p.toString().endsWith(".ckpt")).mapToLong(p -> p.toFile().length()).sum();
    } finally {
      Baselines.deleteTree(sizing);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (cairn != null) {
        // With memoryBytes(0) the memory tier evicts asynchronously (Caffeine's maintenance runs
        // on the common pool), so a rare call can still be answered from memory.
        RunReport run = cairn.lastRun();
        long disk = run.count(Outcome.DISK);
        long all = run.calls().size();
        System.out.printf("%n%d of %d calls answered from disk, %d from memory%n", disk, all,
            run.count(Outcome.MEMORY));
        if (disk < 0.95 * all) {
          throw new IllegalStateException("expected disk hits, got " + disk + " of " + all + " calls");
        }
        cairn.close();
      }
    } finally {
      Baselines.deleteTree(work);
    }
  }

  /** Cairn: a stage call answered from disk. */
  @Benchmark
  public Object cairn() {
    long key = next++ % keys;
    return stages.call(LOAD, new Object[] {key}, () -> {
      throw new IllegalStateException("the checkpoint should have been loaded, not recomputed");
    });
  }

  /** The limit: the file's bytes read with a FileChannel into a fresh array. */
  @Benchmark
  public Object raw() throws IOException {
    return floats ? Baselines.rawReadFloats(file, buffer) : Baselines.rawReadBytes(file, buffer);
  }

  /** By hand: ObjectInputStream. */
  @Benchmark
  public Object objectInputStream() throws IOException, ClassNotFoundException {
    return Baselines.objectStreamRead(file);
  }
}
