package dev.cairn.runtime;

import dev.cairn.runtime.internal.RuntimeAccess;
import dev.cairn.runtime.internal.StageBody;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of Cairn: owns the store, the memory tier and the record of the current run.
 * Pass it to the constructor of a generated {@code Resumable<YourPipeline>}; close it when the
 * run is over.
 *
 * <pre>{@code
 * try (Cairn cairn = Cairn.builder().directory(Path.of(".cairn")).build()) {
 *   new ResumableTrainingPipeline(cairn, epochs).run();
 * }
 * }</pre>
 *
 * <p>Closing writes the run's record to the store ({@code runs/<runId>.tsv}) and prints a summary
 * of every stage: computed or reused (from memory or disk), why it was computed, time spent,
 * compute time saved and bytes written.
 *
 * <p>A {@code Cairn} is safe for use by many threads and many pipelines at once. Several
 * processes may share one store directory.
 */
public final class Cairn implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Cairn.class);

  static {
    RuntimeAccess.install(new RuntimeAccess() {
      @Override
      protected <T> T call(Cairn cairn, Object pipeline, StageDescriptor stage,
          Object[] arguments, StageBody<T> body) {
        return cairn.engine().call(pipeline, stage, arguments, body);
      }
    });
  }

  private final CheckpointStore store;
  private final StageEngine engine;
  private final RunRecorder recorder = new RunRecorder();
  private final PrintStream summary;
  private volatile boolean closed;

  private Cairn(Builder builder) {
    this.store = builder.store != null
        ? builder.store
        : new LocalDirectoryStore(builder.directory != null ? builder.directory : Path.of(".cairn"));
    this.summary = builder.summary;
    long memoryBytes = builder.memoryBytes >= 0
        ? builder.memoryBytes
        : Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    this.engine = new StageEngine(store, new Codec(), memoryBytes, recorder,
        builder.failOnStoreErrors, new ProgressSettings(builder.progressPolicy,
            builder.stagePolicies, builder.snapshotsKept, builder.preemptionGrace),
        builder.lockLease);
  }

  /** Starts configuring a {@code Cairn}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The stage calls made so far in this run. */
  public RunReport lastRun() {
    return recorder.report();
  }

  /** The store this instance reads and writes. */
  public CheckpointStore store() {
    return store;
  }

  /**
   * Invalidates every checkpoint of a stage, so that its next call recomputes; its results then
   * count as changed for the stages they are passed to, which recompute too. Recorded in the
   * store, so it holds for every process that uses it.
   *
   * @param stageId the stage id, as shown in the run summary ({@code @Stage(name)} or the derived id)
   * @return how many checkpoints were deleted
   * @throws IOException if the store could not be updated
   */
  public int invalidate(String stageId) throws IOException {
    return engine().invalidate(Objects.requireNonNull(stageId, "stageId"));
  }

  /**
   * Invalidates the checkpoint of one call of a stage, by its key (as in the run record): the call
   * recomputes, and so do the stages its result is passed to. Recorded in the store.
   *
   * @return whether such a checkpoint existed
   * @throws IllegalArgumentException if {@code key} is not a 64-digit hex key
   * @throws IOException if the store could not be updated
   */
  public boolean invalidate(String stageId, String key) throws IOException {
    return engine().invalidate(Objects.requireNonNull(stageId, "stageId"), Objects.requireNonNull(key, "key"));
  }

  StageEngine engine() {
    if (closed) {
      throw new IllegalStateException(
          "this Cairn is closed: stage calls need an open Cairn. Keep it open until the pipeline "
              + "has finished (try-with-resources around the whole run).");
    }
    return engine;
  }

  /**
   * Records the run in the store, prints the summary and releases the store. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close();
    RunReport report = recorder.report();
    try {
      store.put(CheckpointNames.run(report.runId()), channel ->
          channel.write(java.nio.ByteBuffer.wrap(RunRecorder.toTsv(report))));
    } catch (IOException | RuntimeException e) {
      log.warn("Could not record run {} in {}: {}", report.runId(), store.describe(), e.toString());
    }
    if (summary != null) {
      RunRecorder.printSummary(report, store.describe(), summary);
    }
    try {
      store.close();
    } catch (IOException e) {
      log.warn("Could not close store {}: {}", store.describe(), e.toString());
    }
  }

  /** Configures a {@link Cairn}. Each option may be set once. */
  public static final class Builder {
    private Path directory;
    private CheckpointStore store;
    private long memoryBytes = -1;
    private PrintStream summary = System.out;
    private boolean summarySet;
    private boolean failOnStoreErrors;
    private ProgressPolicy progressPolicy = ProgressPolicy.everyCalls(1);
    private boolean progressPolicySet;
    private final Map<String, ProgressPolicy> stagePolicies = new HashMap<>();
    private int snapshotsKept = 2;
    private Duration preemptionGrace = Duration.ofSeconds(20);
    private Duration lockLease = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * When {@link Progress#due()} is true for stages without a policy of their own. Defaults to
     * {@link ProgressPolicy#everyCalls everyCalls(1)}.
     */
    public Builder progressPolicy(ProgressPolicy policy) {
      if (progressPolicySet) {
        throw new IllegalStateException("progressPolicy was already set to " + progressPolicy);
      }
      progressPolicySet = true;
      this.progressPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** When {@link Progress#due()} is true for one stage, by id. */
    public Builder progressPolicy(String stageId, ProgressPolicy policy) {
      Objects.requireNonNull(stageId, "stageId");
      Objects.requireNonNull(policy, "policy");
      if (stagePolicies.putIfAbsent(stageId, policy) != null) {
        throw new IllegalStateException(
            "progressPolicy for stage " + stageId + " was already set to " + stagePolicies.get(stageId));
      }
      return this;
    }

    /**
     * How many progress snapshots to keep per running stage call, newest first (default 2, so a
     * damaged newest one falls back to the one before).
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder snapshotsKept(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("snapshotsKept must be at least 1, was " + count);
      }
      this.snapshotsKept = count;
      return this;
    }

    /**
     * How long, after SIGTERM, running stages get to save their progress before the JVM exits
     * (default 20 s). Keep it below the scheduler's own grace period (30 s by default in SLURM's
     * {@code KillWait} and Kubernetes' {@code terminationGracePeriodSeconds}).
     */
    public Builder preemptionGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("preemptionGrace must not be negative, was " + grace);
      }
      this.preemptionGrace = grace;
      return this;
    }

    /**
     * Keeps checkpoints in a local directory (created if missing): the default store, at
     * {@code .cairn} in the working directory when neither this nor {@link #store} is called.
     *
     * @throws IllegalStateException if a directory or a store was already set
     */
    public Builder directory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      requireNoStore();
      this.directory = directory;
      return this;
    }

    /**
     * Keeps checkpoints in a custom {@link CheckpointStore}.
     *
     * @throws IllegalStateException if a directory or a store was already set
     */
    public Builder store(CheckpointStore store) {
      Objects.requireNonNull(store, "store");
      requireNoStore();
      this.store = store;
      return this;
    }

    /**
     * Bounds the memory tier by the serialized size of the results it holds. Defaults to a quarter
     * of the maximum heap, at most 256 MiB; 0 disables it.
     *
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if already set
     */
    public Builder memoryBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("memoryBytes must not be negative, was " + bytes);
      }
      if (memoryBytes >= 0) {
        throw new IllegalStateException("memoryBytes was already set to " + memoryBytes);
      }
      this.memoryBytes = bytes;
      return this;
    }

    /**
     * Where the summary goes when the {@code Cairn} closes; {@code null} prints none. Defaults to
     * {@code System.out}.
     */
    public Builder summaryTo(PrintStream out) {
      if (summarySet) {
        throw new IllegalStateException("summaryTo was already set");
      }
      summarySet = true;
      this.summary = out;
      return this;
    }

    /**
     * Makes a failure to read or write the store, or a result that cannot be serialized, stop the
     * run with an exception. By default such a failure is logged as a warning and the run goes
     * on: the result is returned and recomputed next time.
     */
    public Builder failOnStoreErrors(boolean fail) {
      this.failOnStoreErrors = fail;
      return this;
    }

    /**
     * How long a lock on a stage call stays valid without renewal (default 30 s), on a store
     * without {@linkplain CheckpointStore#processLocks() process locks} (the local directory store
     * has them and ignores this). A process computing a checkpoint renews its lock every third of
     * this; other processes wanting the same checkpoint wait for it, and take over a lock whose
     * lease expired because its process died.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder lockLease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lockLease must be positive, was " + lease);
      }
      this.lockLease = lease;
      return this;
    }

    /**
     * Opens the store and returns the {@code Cairn}.
     *
     * @throws IllegalStateException if the store directory cannot be created or written, with a
     *     message naming it
     */
    public Cairn build() {
      return new Cairn(this);
    }

    private void requireNoStore() {
      if (directory != null) {
        throw new IllegalStateException("directory was already set to " + directory);
      }
      if (store != null) {
        throw new IllegalStateException("store was already set to " + store.describe());
      }
    }
  }
}
