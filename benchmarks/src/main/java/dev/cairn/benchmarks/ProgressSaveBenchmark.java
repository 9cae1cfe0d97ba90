package dev.cairn.benchmarks;

import dev.cairn.benchmarks.TrainingLoopBenchmark.TrainState;
import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.Progress;
import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * Issue 4, acceptance 4: the blocking part of {@code Progress.save} — what the training loop
 * waits for — against a memory copy of the same bytes ({@code clone} allocates like save does;
 * {@code System.arraycopy} into an existing array is the bare copy).
 *
 * <p>{@code Progress} only exists inside a running {@code @Checkpoint} stage call, so a helper
 * thread starts one through the generated-code entry point, obtains its {@code Progress} and keeps
 * the stage running until the trial ends; the benchmark thread (the only one calling it) saves
 * through it. Before each invocation, outside the measurement, it waits until the background
 * writer has made the previous snapshot durable, as it is when saves are an epoch apart.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g"})
public class ProgressSaveBenchmark {
  static final StageDescriptor STAGE = StageDescriptor.builder("bench.progress")
      .codeFingerprint("progress-1").checkpoint(true).parameter("run").build();

  /** Weights in the state: 16M floats = 64 MiB. */
  @Param("16777216")
  public int stateFloats;

  private TrainState state;
  private float[] target;

  @Setup(Level.Trial)
  public void setUp() {
    float[] weights = Payloads.floats(stateFloats);
    state = new TrainState(3, weights);
    target = new float[stateFloats];
  }

  /** A stage call kept running on a helper thread, and its {@code Progress}. */
  @State(Scope.Thread)
  public static class RunningStage {
    private Path work;
    private Cairn cairn;
    private Thread runner;
    private final CountDownLatch finish = new CountDownLatch(1);
    private Progress<TrainState> progress;
    private long saves;
    private Path folder;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException, ExecutionException {
      work = Baselines.newWorkDirectory("cairn-progress");
      cairn = Cairn.builder().directory(work).summaryTo(null).build();
      PipelineStages stages = PipelineStages.bind(cairn, this);
      CompletableFuture<Progress<TrainState>> obtained = new CompletableFuture<>();
      runner = new Thread(() -> stages.call(STAGE, new Object[] {1L}, () -> {
        obtained.complete(Progress.of(TrainState.class));
        finish.await();
        return 0;
      }), "bench-running-stage");
      runner.start();
      progress = obtained.get();
    }

    /** Waits until the snapshot saved last is durable and the writer is done with it. */
    @Setup(Level.Invocation)
    public void awaitWriter() throws IOException, InterruptedException {
      if (saves == 0) {
        return;
      }
      String last = String.format("%016d.snap", saves);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline) {
        if (folder == null) {
          folder = findFolder();
        }
        if (folder != null) {
          List<String> names = list(folder);
          if (names.contains(last) && names.stream().noneMatch(n -> n.endsWith(".tmp"))
              && names.size() <= 2) {
            return;
          }
        }
        Thread.sleep(1);
      }
      throw new IllegalStateException("snapshot " + last + " was not written within 2 minutes");
    }

    /**
     * The folder the snapshots are written to, {@code progress/<stage>/<key>}, once it exists.
     * It lists directories only: walking the files would examine the writer's temporary files,
     * which it renames while we look.
     */
    private Path findFolder() throws IOException {
      Path folder = work.resolve("progress");
      for (int depth = 0; depth < 2 && folder != null; depth++) {
        if (!Files.isDirectory(folder)) {
          return null;
        }
        try (Stream<Path> children = Files.list(folder)) {
          folder = children.filter(Files::isDirectory).findFirst().orElse(null);
        }
      }
      return folder;
    }

    private static List<String> list(Path folder) throws IOException {
      try (Stream<Path> files = Files.list(folder)) {
        return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      }
    }

    void save(TrainState state) {
      progress.save(state);
      saves++;
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      finish.countDown();
      runner.join();
      cairn.close();
      Baselines.deleteTree(work);
    }
  }

  /** The blocking part of a save: serialize the state into memory and hand it to the writer. */
  @Benchmark
  public TrainState progressSave(RunningStage stage) {
    stage.save(state);
    return state;
  }

  /** A memory copy of the same bytes into a new array. */
  @Benchmark
  public float[] cloneWeights() {
    return state.weights().clone();
  }

  /** A memory copy of the same bytes into an existing array. */
  @Benchmark
  public float[] arraycopyWeights() {
    System.arraycopy(state.weights(), 0, target, 0, target.length);
    return target;
  }
}
