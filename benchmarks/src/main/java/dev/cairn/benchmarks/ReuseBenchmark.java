package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Issue 6, item 3 (memory): a stage call answered from the memory tier, against calling a method
 * that returns the value directly and against a method that returns a copy of it, as a cache must
 * to stay safe when callers mutate what they get (Cairn returns a fresh deserialized object on
 * every hit, for that reason). The stage is called through the same entry point generated code
 * uses. The disk tier is measured by {@link LoadBenchmark#cairn}.
 *
 * <p>The stage is a {@code @Stage} without {@code @Checkpoint}, whose results the memory tier keeps
 * as they are computed: a {@code @Checkpoint} result larger than 64 KiB is written to the store
 * while it is serialized, with no copy in memory, so the first repeat of its call reads the store
 * (the disk tier) and the memory tier answers from the second repeat on, as here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g"})
public class ReuseBenchmark {
  static final StageDescriptor STAGE = StageDescriptor.builder("bench.reuse")
      .codeFingerprint("reuse-1").parameter("n").build();

  /** See {@link Payloads}. */
  @Param({"floats:1KiB", "floats:1MiB", "floats:64MiB", "records:10K"})
  public String payload;

  private Path work;
  private Cairn cairn;
  private PipelineStages stages;
  private Object value;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Baselines.newWorkDirectory("cairn-reuse");
    cairn = Cairn.builder().directory(work).memoryBytes(1L << 30).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
    value = Payloads.create(payload);
    stages.call(STAGE, new Object[] {payload}, () -> value); // computes it once
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cairn.close();
    Baselines.deleteTree(work);
  }

  /** Baseline: the plain pipeline method, returning what it holds. */
  @Benchmark
  public Object directReturn() {
    return value;
  }

  /**
   * Baseline: a method that hands back a copy, as a safe cache would ({@code clone} of the array;
   * a new list of the same immutable records).
   */
  @Benchmark
  public Object directCopy() {
    if (value instanceof float[] floats) {
      return floats.clone();
    }
    return new ArrayList<>((List<?>) value);
  }

  /** A stage call answered from the memory tier: key, lookup, deserialize a fresh copy. */
  @Benchmark
  public Object memoryHit() {
    return stages.call(STAGE, new Object[] {payload}, () -> {
      throw new IllegalStateException("the result should have come from memory");
    });
  }
}
