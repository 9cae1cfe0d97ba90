package dev.cairn.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long computation inside a running {@code @Checkpoint} stage, so that a crash, a
 * {@code kill -9} or a preemption resumes it at the last saved step instead of at the beginning.
 *
 * <pre>{@code
 * @Stage @Checkpoint
 * Model train(Dataset data) {
 *   Progress<TrainState> progress = Progress.of(TrainState.class);
 *   TrainState s = progress.restore().orElseGet(() -> TrainState.fresh(data));
 *   DeterministicRandom random = progress.random();     // restored together with s
 *   for (int epoch = s.epoch(); epoch < epochs; epoch++) {
 *     s = trainOneEpoch(s, data, random);
 *     if (progress.due()) {
 *       progress.save(s);
 *     }
 *   }
 *   return s.model();
 * }
 * }</pre>
 *
 * <p>{@link #save} serializes the state synchronously (so the loop may mutate it right after;
 * primitive arrays are copied in bulk) and writes it to the store in the background, one write at
 * a time per stage call: a newer snapshot supersedes one still waiting to be written. Snapshots
 * are framed and checksummed like checkpoints; {@link #restore} returns the newest valid one and
 * falls back to older ones if it is damaged. The last few are kept; all are deleted once the
 * stage's result is checkpointed. On SIGTERM, {@link #due} becomes true and the pending snapshot
 * is made durable before the JVM exits, within the configured grace period.
 *
 * <p>A {@code Progress} belongs to the stage call that was running on the thread that obtained
 * it; use it from that thread.
 *
 * @param <S> the state type: anything Cairn can serialize (records, arrays, collections)
 */
public final class Progress<S> {
  private static final Logger log = LoggerFactory.getLogger(Progress.class);

  private final Class<S> type;
  private final StageEngine engine;
  private final String stage;
  private final String prefix;
  private final ProgressPolicy policy;
  private final int kept;
  private final DeterministicRandom random;
  private final AtomicReference<Pending> pending = new AtomicReference<>();
  private final Object writeLock = new Object();
  private boolean writing;
  private long sequence;
  private long callsSinceSave;
  private long lastSaveNanos = System.nanoTime();
  private int sizeHint = 4096;
  private volatile long savedSincePreemption;
  private long restoredSequence;

  private record Pending(long sequence, Codec.Serialized bytes, long rngState) {}

  private Progress(Class<S> type, StageEngine.CallFrame frame) {
    this.type = type;
    this.engine = frame.engine;
    this.stage = frame.stage.id();
    this.prefix = CheckpointNames.progressFolder(stage, frame.key.hash());
    this.policy = engine.settings().policyFor(stage);
    this.kept = engine.settings().snapshotsKept();
    this.random = new DeterministicRandom(seed(frame.key));
  }

  /** Outside any stage: nothing to restore, nothing saved, a generator seeded with 0. */
  private Progress(Class<S> type) {
    this.type = type;
    this.engine = null;
    this.stage = "(none)";
    this.prefix = null;
    this.policy = null;
    this.kept = 0;
    this.random = new DeterministicRandom(0);
  }

  /**
   * The progress of the stage call running on this thread.
   *
   * <p>Called outside any stage — for example when the plain pipeline class, not its generated
   * {@code Resumable} subclass, runs the method — it returns a detached progress: {@code restore}
   * finds nothing, {@code due} is false, {@code save} does nothing, and {@code random} is seeded
   * with 0. The computation then runs from start to end as it would without Cairn.
   *
   * @param type the class of the state that {@link #save} takes and {@link #restore} returns
   * @throws IllegalStateException inside a stage without {@code @Checkpoint}, or if this stage
   *     call already uses a progress of another type
   */
  @SuppressWarnings("unchecked")
  public static <S> Progress<S> of(Class<S> type) {
    Objects.requireNonNull(type, "type");
    StageEngine.CallFrame frame = StageEngine.currentCall();
    if (frame == null) {
      return new Progress<>(type);
    }
    if (!frame.stage.checkpoint()) {
      throw new IllegalStateException(
          "Progress.of was called in " + frame.stage + ", which has no @Checkpoint: progress is "
              + "saved only for checkpointed stages. Add @Checkpoint to the stage.");
    }
    if (frame.progress == null) {
      frame.progress = new Progress<>(type, frame);
      frame.engine.preemption().register(frame.progress);
    } else if (frame.progress.type != type) {
      throw new IllegalStateException(
          "Progress.of(" + type.getName() + ") in " + frame.stage + ", which already uses "
              + "Progress.of(" + frame.progress.type.getName() + "): use one state type per stage.");
    }
    return (Progress<S>) frame.progress;
  }

  /**
   * The newest valid snapshot of this stage call, if any; also restores {@link #random()} to the
   * state it had when that snapshot was saved. A damaged snapshot is set aside with a warning
   * and the one before it is tried.
   */
  public Optional<S> restore() {
    if (engine == null) {
      return Optional.empty();
    }
    List<String> names;
    try {
      names = new ArrayList<>(engine.store().list(prefix));
    } catch (IOException e) {
      log.warn("Could not list progress snapshots of stage {}: {}; starting from scratch.", stage, e.toString());
      return Optional.empty();
    }
    Collections.reverse(names);
    for (String name : names) {
      Optional<S> state = read(name);
      if (state.isPresent()) {
        return state;
      }
    }
    return Optional.empty();
  }

  private Optional<S> read(String name) {
    String problem;
    try {
      Optional<byte[]> bytes = engine.store().get(name);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      CheckpointFile.Frame frame = CheckpointFile.read(bytes.get());
      Optional<String> incompatible = Schemas.incompatibility(frame.metadata(), Codec.classLoader());
      if (incompatible.isPresent()) {
        throw new CorruptCheckpointException("it was written for other classes: " + incompatible.get());
      }
      Object state = engine.codec().deserialize(frame.file(), frame.payloadOffset(),
          frame.payloadLength(), frame.order());
      if (!type.isInstance(state)) {
        throw new CorruptCheckpointException("it holds a " + (state == null ? "null" : state.getClass().getName())
            + ", not a " + type.getName());
      }
      long seq = Long.parseLong(frame.get("sequence"));
      random.restore(Long.parseUnsignedLong(frame.get("random"), 16));
      synchronized (writeLock) {
        sequence = Math.max(sequence, seq);
      }
      restoredSequence = seq;
      return Optional.of(type.cast(state));
    } catch (CorruptCheckpointException e) {
      problem = e.getMessage();
    } catch (IOException e) {
      log.warn("Could not read progress snapshot {} of stage {}: {}", name, stage, e.toString());
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      problem = "it cannot be deserialized (" + e + ")";
    }
    String where;
    try {
      where = "moved to " + engine.store().setAside(name);
    } catch (IOException e) {
      where = "could not be moved aside (" + e + ")";
    }
    log.warn("Progress snapshot {} of stage {} is unusable: {}. It was {}; trying the one before.",
        name, stage, problem, where);
    return Optional.empty();
  }

  /**
   * Whether it is time to save, by the stage's {@link ProgressPolicy}; always true once the JVM
   * has been asked to terminate. Each call counts as one step for {@code everyCalls} policies.
   */
  public boolean due() {
    if (engine == null) {
      return false;
    }
    callsSinceSave++;
    return engine.preemption().requested()
        || policy.due(callsSinceSave, System.nanoTime() - lastSaveNanos);
  }

  /**
   * Snapshots {@code state} now and persists it in the background. Returns once the state is
   * serialized: the caller may modify it right away.
   *
   * @throws IllegalArgumentException if the state cannot be serialized, naming the stage
   */
  public void save(S state) {
    if (engine == null) {
      return;
    }
    Codec.Serialized bytes;
    try {
      bytes = engine.codec().serialize(state, sizeHint);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("The progress state of stage " + stage + " ("
          + (state == null ? "null" : state.getClass().getName()) + ") cannot be serialized by "
          + "Kryo: " + e.getMessage() + ". Use records, arrays and collections for it.", e);
    }
    sizeHint = bytes.length();
    callsSinceSave = 0;
    lastSaveNanos = System.nanoTime();
    long seq;
    synchronized (writeLock) {
      seq = ++sequence;
    }
    pending.set(new Pending(seq, bytes, random.state()));
    engine.snapshotWriter().execute(this::drain);
  }

  /**
   * The stage call's deterministic random generator, seeded from its key and restored by
   * {@link #restore()}.
   */
  public DeterministicRandom random() {
    return random;
  }

  /** Writes pending snapshots until none is left; at most one writer per progress at a time. */
  private void drain() {
    synchronized (writeLock) {
      if (writing) {
        return; // the running writer will pick up the newest pending snapshot
      }
      writing = true;
    }
    try {
      for (Pending next; (next = pending.getAndSet(null)) != null; ) {
        write(next);
      }
    } finally {
      synchronized (writeLock) {
        writing = false;
        writeLock.notifyAll();
      }
    }
    if (pending.get() != null) {
      drain();
    }
  }

  private void write(Pending snapshot) {
    String name = prefix + String.format("%016d", snapshot.sequence) + ".snap";
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("stage", stage);
    metadata.put("sequence", Long.toString(snapshot.sequence));
    metadata.put("random", Long.toHexString(snapshot.rngState));
    metadata.put("created", Instant.now().toString());
    metadata.put("stateClass", type.getName());
    metadata.putAll(Schemas.describe(snapshot.bytes.classes()));
    try {
      engine.store().put(name, channel ->
          CheckpointFile.write(channel, metadata, snapshot.bytes.buffer(), snapshot.bytes.length()));
      if (engine.preemption().requested()) {
        savedSincePreemption = snapshot.sequence;
      }
      List<String> all = engine.store().list(prefix);
      for (int i = 0; i < all.size() - kept; i++) {
        engine.store().delete(all.get(i));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not save progress snapshot {} of stage {}: {}. The stage goes on; a crash "
          + "now resumes from an earlier snapshot.", snapshot.sequence, stage, e.toString());
    }
  }

  /** The sequence number of the snapshot {@link #restore} returned, or 0. */
  long restoredSequence() {
    return restoredSequence;
  }

  /** Blocks until every snapshot saved so far is durable, or until {@code deadlineNanos}. */
  boolean flush(long deadlineNanos) {
    engine.snapshotWriter().execute(this::drain);
    synchronized (writeLock) {
      while (writing || pending.get() != null) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          writeLock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a snapshot saved after termination was requested is durable. */
  boolean savedAfterPreemption() {
    return savedSincePreemption > 0;
  }

  /** Deletes every snapshot of this stage call: its result is checkpointed now. */
  void discard() {
    flush(Long.MAX_VALUE);
    try {
      for (String name : engine.store().list(prefix)) {
        engine.store().delete(name);
      }
    } catch (IOException e) {
      log.warn("Could not delete progress snapshots of stage {}: {}", stage, e.toString());
    }
  }

  /**
   * The generator's seed: a hash of the call's stage id, arguments and fields — not of its code,
   * version or invalidation generation, so a recomputation after an edit, a version bump or an
   * invalidation draws the same numbers for the same inputs.
   */
  private static long seed(StageKey key) {
    MessageDigest digest = Hash.newDigest();
    key.inputs().forEach((name, value) -> {
      if (!name.equals("code") && !name.equals("version") && !name.equals("generation")) {
        digest.update((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    return ByteBuffer.wrap(digest.digest()).getLong();
  }
}
