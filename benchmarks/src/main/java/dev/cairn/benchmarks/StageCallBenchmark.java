package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

/**
 * The cost of a stage call answered from the memory tier, against calling a method that returns
 * the same value directly. The stage is called through the same entry point generated code uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StageCallBenchmark {
  private static final StageDescriptor STAGE = StageDescriptor.builder("bench.features")
      .codeFingerprint("bench").checkpoint(true).parameter("n").build();

  /** Number of floats in the result. */
  @Param({"1024", "262144"})
  public int floats;

  private Path directory;
  private Cairn cairn;
  private PipelineStages stages;
  private float[] value;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("cairn-bench");
    cairn = Cairn.builder().directory(directory).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
    value = features(floats);
    stages.call(STAGE, new Object[] {floats}, () -> features(floats));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cairn.close();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static float[] features(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i * 0.5f;
    }
    return out;
  }

  /** Baseline: a method that hands back a copy of the value, as a safe cache would. */
  @Benchmark
  public float[] directCopy() {
    return value.clone();
  }

  /** A stage call answered from the memory tier: key, lookup, deserialize a fresh copy. */
  @Benchmark
  public float[] memoryTierHit() {
    return stages.call(STAGE, new Object[] {floats}, () -> features(floats));
  }
}
