package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

/**
 * Issue 3: the cost of computing keys. A downstream stage takes a {@code float[]} of
 * {@link #size} bytes and returns a small value; both calls measured are memory-tier hits whose
 * result is a single {@code Double}, so what grows with the size is the key alone.
 *
 * <ul>
 *   <li>{@link #upstreamArgument}: the array was returned by an upstream stage call, so the key
 *       uses that result's content hash, known without rehashing — the target is a cost
 *       independent of the size;
 *   <li>{@link #freshArgument}: an array of the same content that no stage returned, so the key
 *       serializes and hashes it (SHA-256): its throughput is reported beside
 *       {@link #arraycopy} of the same bytes.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g"})
public class KeyBenchmark {
  static final StageDescriptor UPSTREAM = StageDescriptor.builder("bench.features")
      .codeFingerprint("features-1").checkpoint(false).parameter("n").build();
  static final StageDescriptor DOWNSTREAM = StageDescriptor.builder("bench.sum")
      .codeFingerprint("sum-1").checkpoint(false).parameter("features").build();

  /** Bytes in the argument array ({@code 1KiB}, {@code 1MiB}, {@code 64MiB} or a count). */
  @Param({"1KiB", "1MiB", "64MiB"})
  public String size;

  private Path work;
  private Cairn cairn;
  private PipelineStages stages;
  private float[] upstream;
  private float[] fresh;
  private float[] target;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int n = Math.toIntExact(Payloads.parseSize(size) / Float.BYTES);
    work = Baselines.newWorkDirectory("cairn-key");
    cairn = Cairn.builder().directory(work).memoryBytes(1L << 30).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
    upstream = stages.call(UPSTREAM, new Object[] {n}, () -> Payloads.floats(n));
    fresh = Payloads.floats(n);
    target = new float[n];
    double expected = sum(fresh);
    // Computes the downstream result once; the upstream result's content hash is computed here,
    // the first time it is passed on, and remembered.
    if (upstreamArgument() != expected || freshArgument() != expected) {
      throw new IllegalStateException("unexpected downstream result");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cairn.close();
    Baselines.deleteTree(work);
  }

  static double sum(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum;
  }

  /** Key of an argument that came from an upstream stage: its known content hash. */
  @Benchmark
  public double upstreamArgument() {
    float[] features = upstream;
    return stages.call(DOWNSTREAM, new Object[] {features}, () -> sum(features));
  }

  /** Key of an argument no stage returned: serialized and hashed. */
  @Benchmark
  public double freshArgument() {
    float[] features = fresh;
    return stages.call(DOWNSTREAM, new Object[] {features}, () -> sum(features));
  }

  /** Baseline for the hashing throughput: a memory copy of the same bytes. */
  @Benchmark
  public float[] arraycopy() {
    System.arraycopy(fresh, 0, target, 0, fresh.length);
    return target;
  }
}
