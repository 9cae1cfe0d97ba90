package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.StageCallRecord;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Issue 6, item 1: a durable save. {@link #cairn} is a {@code @Checkpoint} stage call that misses
 * (each invocation passes a new argument, so the key is new) and whose body returns the payload
 * at once: what is measured is everything Cairn does to persist a result — key, lookups, file
 * lock, serialization, framing and checksum, temp file, fsync, rename, directory fsync (the record
 * used to explain the next miss is written behind, on another thread). The baselines write the
 * same value with the same durability (see {@link Baselines}). The file each invocation wrote is
 * deleted after it, by name, outside the measurement; every invocation takes a millisecond or
 * more, so invocation-level fixtures do not distort it.
 * The heap is fixed and touched before the measurement, as for {@link LoadBenchmark}. Four
 * warm-up iterations, not two: the JIT is still compiling Cairn's call path (the key, the store,
 * the codec) during the first 4-6 seconds, and with two the first measured iterations of a 1 MiB
 * save were 5-15% slower than the rest; the baselines get the same warm-up. Eight measured
 * iterations, because the disk's speed drifts by a few percent from minute to minute on a shared
 * machine, more than the differences measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class SaveBenchmark {
  static final StageDescriptor SAVE = StageDescriptor.builder("bench.save")
      .codeFingerprint("save-1").checkpoint(true).parameter("run").build();

  /** See {@link Payloads}. */
  @Param({"floats:1MiB", "floats:64MiB", "floats:400MiB", "records:1M"})
  public String payload;

  private Object value;
  private Path work;
  private Path store;
  private Cairn cairn;
  private PipelineStages stages;
  private long run;
  private ByteBuffer buffer;
  private byte[] rawBytes;
  private Path target;
  private Path stageFolder;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException {
    value = Payloads.create(payload);
    work = Baselines.newWorkDirectory("cairn-save");
    store = work.resolve("store");
    target = work.resolve("baseline.bin");
    cairn = Cairn.builder().directory(store).memoryBytes(256L << 20).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
    long cairnFileSize = firstSave();
    if (params.getBenchmark().endsWith(".raw")) {
      if (value instanceof float[] floats) {
        buffer = Baselines.directBuffer((long) floats.length * Float.BYTES);
      } else {
        // An object graph has no raw form: the limit is writing as many bytes as Cairn writes.
        rawBytes = new byte[Math.toIntExact(cairnFileSize)];
        for (int i = 0; i < rawBytes.length; i++) {
          rawBytes[i] = (byte) (i * 31);
        }
        buffer = Baselines.directBuffer(rawBytes.length);
      }
    }
  }

  /**
   * Saves once through Cairn, notes the folder its checkpoints go to, and returns the size of the
   * checkpoint file it wrote.
   */
  private long firstSave() throws IOException {
    cairn();
    String name = lastKey() + ".ckpt";
    try (Stream<Path> files = Files.walk(store.resolve("checkpoints"))) {
      Path file = files.filter(p -> p.getFileName().toString().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalStateException("Cairn wrote no " + name));
      stageFolder = file.getParent();
      long size = Files.size(file);
      clearWritten();
      return size;
    }
  }

  private String lastKey() {
    List<StageCallRecord> calls = cairn.lastRun().calls();
    return calls.get(calls.size() - 1).key();
  }

  /**
   * Deletes the file the invocation wrote, by name: listing a folder to find it would update the
   * folder's access time (relatime), and that inode update would ride on the next save's journal
   * commit, a cost of the benchmark's cleanup, not of the save.
   */
  @TearDown(Level.Invocation)
  public void clearWritten() throws IOException {
    Files.deleteIfExists(stageFolder.resolve(lastKey() + ".ckpt"));
    Files.deleteIfExists(target);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cairn.close();
    Baselines.deleteTree(work);
  }

  /** Cairn: a {@code @Checkpoint} stage call that misses and persists the payload. */
  @Benchmark
  public Object cairn() {
    return stages.call(SAVE, new Object[] {++run}, () -> value);
  }

  /** The physical limit: the payload's bytes, one copy, FileChannel, force, rename, dir fsync. */
  @Benchmark
  public ByteBuffer raw() throws IOException {
    ByteBuffer bytes = value instanceof float[] floats
        ? Baselines.fill(buffer, floats)
        : Baselines.fill(buffer, rawBytes);
    Baselines.rawWrite(target, bytes);
    return bytes;
  }

  /** By hand: ObjectOutputStream to a file, same durability. */
  @Benchmark
  public Path objectOutputStream() throws IOException {
    Baselines.objectStreamWrite(target, value);
    return target;
  }
}
