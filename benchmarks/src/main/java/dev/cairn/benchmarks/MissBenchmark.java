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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 6, item 4: what a stage call costs on a miss, without I/O, for small arguments. The stage
 * is a {@code @Stage} without {@code @Checkpoint} (memoized in memory only, so no file is touched)
 * taking a {@code long}, a {@code String} and a {@code double[8]}; every invocation passes a new
 * {@code long}, so every call misses: key (three argument hashes and SHA-256 over them), memory
 * tier lookup, in-flight registration, compute, serialization of the result, memory tier insert,
 * result registry, run record. The baseline calls the same method directly. A fresh {@link Cairn}
 * per iteration keeps the run record from growing without bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx2g"})
public class MissBenchmark {
  static final StageDescriptor SCORE = StageDescriptor.builder("bench.score")
      .codeFingerprint("score-1").checkpoint(false)
      .parameter("id").parameter("name").parameter("weights").build();

  /** A small result. */
  public record Score(long id, String name, double value) {}

  private final String name = "featurize";
  private final double[] weights = {0.5, -1.25, 2.0, 0.125, 3.5, -0.75, 1.0, 0.25};
  private Path work;
  private Cairn cairn;
  private PipelineStages stages;
  private long id;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Baselines.newWorkDirectory("cairn-miss");
  }

  @Setup(Level.Iteration)
  public void open() {
    cairn = Cairn.builder().directory(work).memoryBytes(64L << 20).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
  }

  @TearDown(Level.Iteration)
  public void close() {
    cairn.close();
    Baselines.clear(work);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Baselines.deleteTree(work);
  }

  static Score score(long id, String name, double[] weights) {
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i] * ((id + i) % 7);
    }
    return new Score(id, name, sum);
  }

  /** Baseline: the plain pipeline method. */
  @Benchmark
  public Score direct() {
    return score(++id, name, weights);
  }

  /** A stage call that misses and computes, without I/O. */
  @Benchmark
  public Score stageMiss() {
    long call = ++id;
    return stages.call(SCORE, new Object[] {call, name, weights}, () -> score(call, name, weights));
  }
}
