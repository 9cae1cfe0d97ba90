package dev.cairn.benchmarks;

import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.Progress;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Issue 4, acceptance 4: a training loop that saves its state every epoch, against the same loop
 * without saves. The state is a {@link TrainState} holding {@link #stateFloats} weights (64 MiB by
 * default); an epoch makes {@link #passes} SGD passes over all of them (about 1.5 s per epoch on
 * the machine the defaults were chosen on), so a save per epoch is what a real training job would
 * do. A run is {@link #epochs} epochs:
 *
 * <ul>
 *   <li>{@link #withoutSaves}: the plain loop;
 *   <li>{@link #withProgressSaves}: the same loop inside a {@code @Checkpoint} stage call, with
 *       {@code Progress.restore()} at the start and {@code if (progress.due()) progress.save(state)}
 *       after every epoch (the default policy, {@code everyCalls(1)}, saves every epoch). It
 *       includes everything the user pays: the synchronous snapshot, the background writes
 *       competing for the machine, the stage call itself, and waiting at the end of the stage for
 *       the last snapshot to be durable before its result is checkpointed.
 * </ul>
 *
 * A shared machine drifts by more than the few percent to be measured between two benchmarks run
 * one after the other, so {@link #pairedRuns} measures both in the same invocation, one run
 * each, in alternating order, and reports their times as the secondary results
 * {@code withoutSavesMillis} and {@code withSavesMillis} of each iteration (one invocation per
 * iteration); the overhead is computed per pair. The primary score, the time of a pair, is of no
 * interest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g"})
public class TrainingLoopBenchmark {
  static final StageDescriptor TRAIN = StageDescriptor.builder("bench.train")
      .codeFingerprint("train-1").checkpoint(true).parameter("run").build();

  /** The training state: the epochs done and the weights. */
  public record TrainState(int epoch, float[] weights) {}

  /** Weights in the state: 16M floats = 64 MiB. */
  @Param("16777216")
  public int stateFloats;

  @Param("6")
  public int epochs;

  /** SGD passes over the weights per epoch: sets how long an epoch takes. */
  @Param("16")
  public int passes;

  /**
   * The times of one pair of runs, reported per iteration: wall time, and, being less sensitive to
   * other processes on a shared machine, the CPU time of the training thread and of the whole
   * process (which includes the background writer).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Times {
    public double withoutSavesMillis;
    public double withSavesMillis;
    public double withoutSavesThreadCpuMillis;
    public double withSavesThreadCpuMillis;
    public double withoutSavesProcessCpuMillis;
    public double withSavesProcessCpuMillis;
    /** Time spent inside {@code progress.save} calls: the blocking part of the saves. */
    public double withSavesBlockingMillis;
    /** Time from the end of the loop to the stage call's return: last snapshot, checkpoint. */
    public double withSavesTailMillis;

    @Setup(Level.Iteration)
    public void reset() {
      withoutSavesMillis = 0;
      withSavesMillis = 0;
      withoutSavesThreadCpuMillis = 0;
      withSavesThreadCpuMillis = 0;
      withoutSavesProcessCpuMillis = 0;
      withSavesProcessCpuMillis = 0;
      withSavesBlockingMillis = 0;
      withSavesTailMillis = 0;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  private Path work;
  private Cairn cairn;
  private PipelineStages stages;
  private long run;
  private long pairs;
  private long blockingNanos;
  private long loopEnd;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    work = Baselines.newWorkDirectory("cairn-train");
    cairn = Cairn.builder().directory(work).summaryTo(null).build();
    stages = PipelineStages.bind(cairn, this);
  }

  @TearDown(Level.Iteration)
  public void clearWritten() {
    System.gc(); // the next pair starts with the same heap, whichever run came last
    Baselines.clear(work.resolve("checkpoints"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cairn.close();
    Baselines.deleteTree(work);
  }

  TrainState fresh() {
    float[] weights = new float[stateFloats];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = ((i * 7919) % 2000 - 1000) * 1e-4f;
    }
    return new TrainState(0, weights);
  }

  /**
   * One epoch: {@link #passes} passes of stochastic gradient descent on a per-weight least-squares
   * problem with synthetic inputs, a few dependent multiply-adds per weight and pass, in place.
   */
  TrainState train(TrainState state) {
    float[] w = state.weights();
    int epoch = state.epoch();
    float learningRate = 0.05f / (1 + epoch);
    for (int p = 0; p < passes; p++) {
      float shift = (p + epoch * passes) * 1e-3f;
      for (int i = 0; i < w.length; i++) {
        float x = ((i & 1023) - 512) * (1f / 512) + shift;
        float target = 0.25f * x - 0.125f;
        float wi = w[i];
        for (int k = 0; k < 4; k++) {
          float error = wi * x - target;
          wi -= learningRate * error * x;
        }
        w[i] = wi;
      }
    }
    return new TrainState(epoch + 1, w);
  }

  static double checksum(TrainState state) {
    float[] w = state.weights();
    double sum = 0;
    for (int i = 0; i < w.length; i += 4096) {
      sum += w[i];
    }
    return sum + state.epoch();
  }

  /** One run without and one with saves, in alternating order; see {@link Times}. */
  @Benchmark
  public double pairedRuns(Times times) {
    boolean withFirst = (pairs++ & 1) == 1;
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      boolean with = (i == 0) == withFirst;
      long process = OS.getProcessCpuTime();
      long thread = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      sum += with ? withProgressSaves() : withoutSaves();
      long end = System.nanoTime();
      double millis = (end - start) / 1e6;
      if (with) {
        times.withSavesBlockingMillis += blockingNanos / 1e6;
        times.withSavesTailMillis += (end - loopEnd) / 1e6;
      }
      double threadMillis = (THREADS.getCurrentThreadCpuTime() - thread) / 1e6;
      double processMillis = (OS.getProcessCpuTime() - process) / 1e6;
      if (with) {
        times.withSavesMillis += millis;
        times.withSavesThreadCpuMillis += threadMillis;
        times.withSavesProcessCpuMillis += processMillis;
      } else {
        times.withoutSavesMillis += millis;
        times.withoutSavesThreadCpuMillis += threadMillis;
        times.withoutSavesProcessCpuMillis += processMillis;
      }
    }
    return sum;
  }

  /** Baseline: the loop without saves. */
  public double withoutSaves() {
    TrainState state = fresh();
    while (state.epoch() < epochs) {
      state = train(state);
    }
    return checksum(state);
  }

  /** The same loop as a checkpointed stage that saves its progress every epoch. */
  public double withProgressSaves() {
    return stages.call(TRAIN, new Object[] {++run}, () -> {
      Progress<TrainState> progress = Progress.of(TrainState.class);
      TrainState state = progress.restore().orElseGet(this::fresh);
      blockingNanos = 0;
      while (state.epoch() < epochs) {
        state = train(state);
        if (progress.due()) {
          long saveStart = System.nanoTime();
          progress.save(state);
          blockingNanos += System.nanoTime() - saveStart;
        }
      }
      double result = checksum(state);
      loopEnd = System.nanoTime();
      return result;
    });
  }
}
