package dev.cairn.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.runtime.internal.StageBody;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers stage calls: key, memory tier, store, compute, record.
 *
 * <p><b>Tiers.</b> Results are kept serialized: in a Caffeine cache bounded by their size in bytes
 * (so repeated calls in a JVM do no I/O) and, for {@code @Checkpoint} stages, as one framed file
 * in the {@link CheckpointStore}. Every caller gets a fresh deserialized object, except the caller
 * whose call computed it, who gets the object the stage returned.
 *
 * <p><b>Concurrency.</b> Calls with the same key that overlap in time are computed once: the first
 * caller puts a future into {@link #inFlight} and computes outside any lock; the others wait on
 * the future. Nested stage calls (a stage calling a stage) are ordinary calls with other keys, so
 * they never re-enter a cache's mapping function; a stage calling itself with the same key is an
 * error rather than a deadlock. If the computing caller fails, a waiting caller computes again
 * itself.
 *
 * <p><b>Nested calls.</b> Stage calls made on the thread of a running stage are recorded in its
 * {@link CallFrame}; the result carries them as its trace (also in the checkpoint's metadata).
 * Before a result with a trace is reused, each traced call is re-checked against the current code,
 * version, generation, fields and files, so a change inside is never hidden behind the outer key.
 *
 * <p><b>Failures.</b> An exception from a stage reaches its caller unchanged and is recorded. A
 * checkpoint that fails verification or deserialization is set aside with a warning and treated
 * as a miss. A checkpoint that cannot be written is logged and the result still returned.
 */
final class StageEngine {
  private static final Logger log = LoggerFactory.getLogger(StageEngine.class);

  private final CheckpointStore store;
  private final Codec codec;
  private final ResultRegistry results = new ResultRegistry();
  private final KeyBuilder keys;
  private final Cache<Hash, StoredResult> memory;
  private final long memoryBytes;
  private final ConcurrentHashMap<Hash, CompletableFuture<StoredResult>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();
  private static final ThreadLocal<CallFrame> currentCall = new ThreadLocal<>();
  private final RunRecorder recorder;
  private final boolean failOnStoreErrors;
  private final ProgressSettings progressSettings;
  private final StageLocks locks;
  private final LastInputs lastInputs;
  private final Preemption preemption;
  /**
   * Checkpointed results whose serialized form is larger than this are written to the store while
   * they are serialized, without a copy in memory; the memory tier takes such a result when it is
   * first read back. Holding a copy of every result as it is saved would cost an allocation and a
   * copy as large as the result on each save (a tenth of a durable save of a megabyte) and heap
   * for results that, in most pipelines, nobody asks for again in the same JVM. Below this, the
   * copy costs next to nothing, and the result is kept at once.
   */
  static final int STREAM_FROM = 64 << 10;
  private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "cairn-snapshot-writer");
    thread.setDaemon(true);
    return thread;
  });

  /** A stage call running on this thread, collecting the stage calls nested in it. */
  static final class CallFrame {
    final StageEngine engine;
    final StageDescriptor stage;
    final StageKey key;
    final CallFrame parent;
    final List<TraceEntry> trace = new ArrayList<>();
    Progress<?> progress;

    CallFrame(StageEngine engine, StageDescriptor stage, StageKey key, CallFrame parent) {
      this.engine = engine;
      this.stage = stage;
      this.key = key;
      this.parent = parent;
    }
  }

  private record Lookup(StoredResult stored, Object value, String missReason) {}

  StageEngine(CheckpointStore store, Codec codec, long memoryBytes, RunRecorder recorder,
      boolean failOnStoreErrors, ProgressSettings progressSettings, Duration lockLease) {
    this.store = store;
    this.locks = new StageLocks(store, lockLease);
    this.lastInputs = new LastInputs(store);
    this.progressSettings = progressSettings;
    this.preemption = new Preemption(progressSettings.preemptionGrace(), this::releaseLocks);
    this.codec = codec;
    this.keys = new KeyBuilder(codec, results);
    this.recorder = recorder;
    this.failOnStoreErrors = failOnStoreErrors;
    this.memoryBytes = memoryBytes;
    // Evictions run on the calling thread: on the common pool they lag behind a stream of large
    // results, and the bound on memory would only hold on average.
    this.memory = Caffeine.newBuilder()
        .maximumWeight(memoryBytes)
        .<Hash, StoredResult>weigher((key, stored) -> stored.length())
        .executor(Runnable::run)
        .build();
  }

  /**
   * Keeps a result in the memory tier, unless its bytes are not in memory (it was streamed) or it
   * alone is larger than the tier's bound.
   */
  private void remember(Hash key, StoredResult stored) {
    if (stored.inMemory() && stored.length() <= memoryBytes) {
      memory.put(key, stored);
    }
  }

  <T> T call(Object pipeline, StageDescriptor stage, Object[] arguments, StageBody<T> body) {
    long start = System.nanoTime();
    StageKey key = keys.key(pipeline, stage, arguments, generation(stage.id()));
    checkNotRecursive(key);
    while (true) {
      String staleReason = null;
      StoredResult cached = memory.getIfPresent(key.hash());
      if (cached != null) {
        staleReason = staleTrace(pipeline, cached.trace());
        if (staleReason == null) {
          Object value = decodeKept(stage, cached);
          if (value != UNREADABLE) {
            return reuse(key, cached, value, Outcome.MEMORY, start);
          }
          staleReason = "its result kept in memory could not be read back";
        }
        memory.invalidate(key.hash());
      }
      CompletableFuture<StoredResult> mine = new CompletableFuture<>();
      CompletableFuture<StoredResult> running = inFlight.putIfAbsent(key.hash(), mine);
      if (running == null) {
        try {
          return lookUpOrCompute(pipeline, stage, key, body, mine, start, staleReason);
        } finally {
          inFlight.remove(key.hash(), mine);
        }
      }
      try {
        StoredResult other = running.join();
        Object value = other == null ? UNREADABLE : decodeKept(stage, other);
        if (value != UNREADABLE) {
          return reuse(key, other, value, Outcome.MEMORY, start);
        }
        // Computed, but only in the store (too large for memory), or unreadable: look again.
      } catch (CompletionException | CancellationException e) {
        // The caller that was computing this key failed; try again, computing it here if needed.
      }
    }
  }

  /** What {@link #decodeKept} returns for bytes that cannot be read back. */
  private static final Object UNREADABLE = new Object();

  /**
   * Reads back a result kept in memory, or returns {@link #UNREADABLE} (with a warning) if Kryo
   * cannot rebuild it: the caller then computes it again rather than fail.
   */
  private Object decodeKept(StageDescriptor stage, StoredResult stored) {
    try {
      return stored.decode(codec);
    } catch (RuntimeException | LinkageError e) {
      log.warn("The result of {} kept in memory cannot be read back ({}); computing it again. {}.",
          stage, e.toString(), UNREADABLE_HINT);
      return UNREADABLE;
    }
  }

  private static final String UNREADABLE_HINT = "Kryo can write some classes it cannot rebuild "
      + "(objects holding handles, locks or views into other objects): return records, arrays or "
      + "plain collections from stages";

  private <T> T lookUpOrCompute(Object pipeline, StageDescriptor stage, StageKey key,
      StageBody<T> body, CompletableFuture<StoredResult> mine, long start, String staleReason) {
    if (!stage.checkpoint()) {
      String reason = staleReason != null ? staleReason
          : "first call in this JVM (@Stage without @Checkpoint is memoized in memory only)";
      return compute(stage, key, body, mine, start, reason, false);
    }
    Lookup found = readCheckpoint(pipeline, stage, key, true);
    String reason = staleReason != null ? staleReason : found.missReason;
    if (staleReason == null && found.stored == null
        && reason.startsWith("no checkpoint for this key (its inputs equal")
        && keyInvalidations(stage.id(), key.hash()) > 0) {
      reason = "invalidated (this key)";
    }
    StageLocks.Held lock = null;
    long pollMillis = 50;
    boolean announced = false;
    while (found.stored == null) {
      StageLocks.Attempt attempt;
      try {
        attempt = locks.tryLock(CheckpointNames.lock(stage.id(), key.hash()));
      } catch (IOException e) {
        log.warn("Could not lock {} in {} ({}); computing it without a lock.", stage, store.describe(), e.toString());
        break;
      }
      if (attempt instanceof StageLocks.Acquired acquired) {
        lock = acquired.lock();
        found = readCheckpoint(pipeline, stage, key, false); // it may have been written meanwhile
        break;
      }
      if (!announced) {
        log.info("{}: another process ({}) is computing the same call; waiting for its checkpoint.",
            stage, ((StageLocks.HeldByOther) attempt).owner());
        announced = true;
      }
      sleep(pollMillis);
      pollMillis = Math.min(1000, pollMillis * 2);
      found = readCheckpoint(pipeline, stage, key, false);
    }
    try {
      if (found.stored != null) {
        remember(key.hash(), found.stored);
        mine.complete(found.stored);
        return reuse(key, found.stored, found.value, Outcome.DISK, start);
      }
      return compute(stage, key, body, mine, start, reason, lock != null);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another process's checkpoint", e);
    }
  }

  /** {@code locked}: whether this process holds the call's lock, so no other writes its checkpoint. */
  private <T> T compute(StageDescriptor stage, StageKey key, StageBody<T> body,
      CompletableFuture<StoredResult> mine, long start, String reason, boolean locked) {
    CallFrame frame = new CallFrame(this, stage, key, currentCall.get());
    currentCall.set(frame);
    long computeStart = System.nanoTime();
    T value;
    try {
      value = body.compute();
    } catch (Throwable failure) {
      finishProgress(frame, false);
      mine.completeExceptionally(failure);
      String report = writeFailure(stage, key, failure);
      recorder.record(new StageCallRecord(stage.id(), key.hash().hex(), Outcome.FAILED,
          "threw " + failure + (report == null ? "" : " (details in " + report + ")"),
          Duration.ofNanos(System.nanoTime() - start), Duration.ZERO, 0));
      throw Sneaky.<RuntimeException>rethrow(failure);
    } finally {
      currentCall.set(frame.parent);
    }
    long computeNanos = System.nanoTime() - computeStart;
    if (frame.progress != null && frame.progress.restoredSequence() > 0) {
      reason = reason + "; resumed from progress snapshot " + frame.progress.restoredSequence();
    }

    // A checkpointed result larger than STREAM_FROM is not held in memory: it is serialized
    // straight into the checkpoint file's staging buffer, which spares a copy as large as it.
    Codec.Serialized payload;
    try {
      if (!stage.checkpoint()) {
        payload = codec.serialize(value, 4096);
      } else if (codec.likelyMinimumSize(value) > STREAM_FROM) {
        payload = null; // streamed, without first trying to hold it
      } else {
        payload = codec.serializeUpTo(value, STREAM_FROM);
      }
    } catch (RuntimeException e) {
      return notStored(frame, value, e, mine, reason, start);
    }
    StoredResult stored = payload != null
        ? StoredResult.of(payload, computeNanos, stage.id(), salt(stage, key), frame.trace)
        : StoredResult.streamed(computeNanos, stage.id(), salt(stage, key), frame.trace);
    long written = 0;
    if (stage.checkpoint()) {
      try {
        written = writeCheckpoint(stage, key, stored, value, payload, locked);
      } catch (UnserializableResult e) {
        return notStored(frame, value, e.getCause(), mine, reason, start);
      } catch (RuntimeException e) {
        finishProgress(frame, false); // the next run resumes from the last snapshot
        mine.completeExceptionally(e);
        throw e;
      }
    }
    remember(key.hash(), stored);
    results.register(value, stored);
    mine.complete(stored.inMemory() ? stored : null); // null: waiters read the checkpoint
    finishProgress(frame, written > 0);
    recordInParent(key, stored);
    recorder.record(new StageCallRecord(stage.id(), key.hash().hex(), Outcome.COMPUTED, reason,
        Duration.ofNanos(System.nanoTime() - start), Duration.ZERO, written));
    return value;
  }

  /**
   * Ends the call's progress: its snapshots are deleted once the result is checkpointed, else
   * the last state is saved, for the next run to resume from.
   */
  private void finishProgress(CallFrame frame, boolean checkpointed) {
    if (frame.progress == null) {
      return;
    }
    if (checkpointed) {
      preemption.unregister(frame.progress);
      frame.progress.discard();
    } else {
      frame.progress.flush(Long.MAX_VALUE); // still registered: a SIGTERM meanwhile waits for it
      preemption.unregister(frame.progress);
    }
  }

  /** A result Kryo cannot serialize: returned, not stored, and reported (or, if asked, fatal). */
  private <T> T notStored(CallFrame frame, T value, Throwable cause,
      CompletableFuture<StoredResult> mine, String reason, long start) {
    StageDescriptor stage = frame.stage;
    StageKey key = frame.key;
    mine.completeExceptionally(cause);
    finishProgress(frame, false);
    String problem = "the result of " + stage + " (" + value.getClass().getName()
        + ") cannot be serialized by Kryo (" + cause.getMessage() + ")";
    if (failOnStoreErrors) {
      throw new IllegalStateException(problem + ". Give the result a serializable type.", cause);
    }
    log.warn("{}; it is returned but not stored, so every call computes it again. Give the "
        + "result a serializable type (records, enums, collections, arrays of those).", problem);
    recorder.record(new StageCallRecord(stage.id(), key.hash().hex(), Outcome.COMPUTED,
        reason + "; not stored: result not serializable",
        Duration.ofNanos(System.nanoTime() - start), Duration.ZERO, 0));
    return value;
  }

  @SuppressWarnings("unchecked")
  private <T> T reuse(StageKey key, StoredResult stored, Object value, Outcome outcome, long start) {
    results.register(value, stored);
    recordInParent(key, stored);
    recorder.record(new StageCallRecord(key.stage(), key.hash().hex(), outcome, "",
        Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(stored.computeNanos()), 0));
    return (T) value;
  }

  private void recordInParent(StageKey key, StoredResult stored) {
    CallFrame parent = currentCall.get();
    if (parent != null) {
      parent.trace.add(new TraceEntry(key.stage(), key.inputs(), key.files()));
      parent.trace.addAll(stored.trace());
    }
  }

  /**
   * What salts a result's identity: the stage's version and invalidation generation, and how
   * often this very key was invalidated, so that each of those recomputes the direct dependents.
   */
  private String salt(StageDescriptor stage, StageKey key) {
    String version = key.inputs().get("version");
    String generation = key.inputs().get("generation");
    long keyInvalidations = stage.checkpoint() ? keyInvalidations(stage.id(), key.hash()) : 0;
    if (version.isEmpty() && generation.equals("0") && keyInvalidations == 0) {
      return "";
    }
    return version + "\0" + generation + (keyInvalidations == 0 ? "" : "\0" + keyInvalidations);
  }

  private long keyInvalidations(String stageId, Hash key) {
    try {
      return store.get(CheckpointNames.keyInvalidation(stageId, key))
          .map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8).trim()))
          .orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Why a traced nested call would not be answered the same way now, or null if all would. */
  private String staleTrace(Object pipeline, List<TraceEntry> trace) {
    for (TraceEntry entry : trace) {
      Optional<StageDescriptor> loaded = StageDescriptor.loaded(entry.stage());
      if (loaded.isEmpty()) {
        return "nested stage " + entry.stage() + " is not loaded in this JVM, so it cannot be checked";
      }
      StageDescriptor inner = loaded.get();
      String prefix = "nested stage " + inner.id() + ": ";
      if (!inner.codeFingerprint().equals(entry.inputs().get("code"))) {
        return prefix + "code changed";
      }
      if (!inner.version().equals(entry.inputs().get("version"))) {
        return prefix + "version bumped";
      }
      if (!Long.toString(generation(inner.id())).equals(entry.inputs().get("generation"))) {
        return prefix + "invalidated";
      }
      for (String field : inner.fields()) {
        String recorded = entry.inputs().get("field." + field);
        String now;
        try {
          now = keys.fieldHash(pipeline, inner, field).hex();
        } catch (StageKeyException e) {
          continue; // called on another pipeline object that has no such field: not checkable here
        }
        if (!now.equals(recorded)) {
          return prefix + "field '" + field + "' changed";
        }
      }
      for (Map.Entry<String, String> file : entry.files().entrySet()) {
        String now;
        try {
          now = keys.fileHash(Path.of(file.getValue())).hex();
        } catch (IOException e) {
          return prefix + "file " + file.getValue() + " cannot be read (" + e + ")";
        }
        if (!now.equals(entry.inputs().get("arg." + file.getKey()))) {
          return prefix + "file " + file.getValue() + " changed";
        }
      }
    }
    return null;
  }

  /**
   * The checkpoint of this call, or why there is none; {@code explainMiss} says whether a missing
   * checkpoint should be explained (from the record of the stage's last computed inputs) or the
   * caller has that explanation already.
   */
  private Lookup readCheckpoint(Object pipeline, StageDescriptor stage, StageKey key, boolean explainMiss) {
    String name = CheckpointNames.checkpoint(stage.id(), key.hash());
    Optional<byte[]> file;
    try {
      file = store.get(name);
    } catch (IOException e) {
      if (failOnStoreErrors) {
        throw new IllegalStateException("could not read checkpoint " + name + " of " + stage, e);
      }
      log.warn("Could not read checkpoint of {} from {} ({}); computing it instead.",
          stage, name, e.toString());
      return new Lookup(null, null, "checkpoint unreadable: " + e);
    }
    if (file.isEmpty()) {
      return new Lookup(null, null, explainMiss ? Explanations.whyMissed(key, lastInputs.of(stage.id())) : "");
    }
    CheckpointFile.Frame frame;
    List<TraceEntry> trace;
    try {
      frame = CheckpointFile.read(file.get());
      if (!key.hash().hex().equals(frame.get("key"))) {
        throw new CorruptCheckpointException("it belongs to key " + frame.get("key"));
      }
      trace = CheckpointMetadata.trace(frame.metadata());
    } catch (CorruptCheckpointException e) {
      return setAside(stage, name, e.getMessage());
    }
    Optional<String> incompatible = Schemas.incompatibility(frame.metadata(), Codec.classLoader());
    if (incompatible.isPresent()) {
      return setAside(stage, name, "it was written for other classes: " + incompatible.get());
    }
    String stale = staleTrace(pipeline, trace);
    if (stale != null) {
      try {
        store.delete(name);
      } catch (IOException e) {
        log.warn("Could not delete outdated checkpoint {} of {}: {}", name, stage, e.toString());
      }
      return new Lookup(null, null, stale);
    }
    StoredResult stored = new StoredResult(frame.file(), frame.payloadOffset(),
        frame.payloadLength(), frame.order(), CheckpointMetadata.computeNanos(frame.metadata()),
        stage.id(), salt(stage, key), trace);
    try {
      return new Lookup(stored, stored.decode(codec), null);
    } catch (RuntimeException | LinkageError e) {
      return setAside(stage, name, "its payload cannot be deserialized (" + e + "). " + UNREADABLE_HINT);
    }
  }

  private Lookup setAside(StageDescriptor stage, String name, String problem) {
    String where;
    try {
      where = "moved to " + store.setAside(name);
    } catch (IOException e) {
      where = "could not be moved aside (" + e + ")";
    }
    log.warn("Checkpoint {} of {} in {} is unusable: {}. It was {}; computing the stage again.",
        name, stage, store.describe(), problem, where);
    return new Lookup(null, null, "checkpoint was unusable: " + problem);
  }

  /**
   * Writes a checkpoint: from {@code payload}, or, if that is null (a result too large to keep in
   * memory), from the value, serialized while it is written. While this process holds the call's
   * lock no other Cairn process writes that name, so it is a plain put (one rename, where a
   * put-if-absent links and then unlinks); without the lock, a put-if-absent, so that of two
   * processes computing the same call unknowingly, the first to finish wins.
   *
   * @return the size of the file written, 0 if none was
   * @throws UnserializableResult if the value turned out not to be serializable while it was
   *     streamed (nothing is written then)
   */
  private long writeCheckpoint(StageDescriptor stage, StageKey key, StoredResult stored, Object value,
      Codec.Serialized payload, boolean locked) {
    String name = CheckpointNames.checkpoint(stage.id(), key.hash());
    CheckpointFile.Payload content = sink -> {
      Set<Class<?>> classes;
      if (payload != null) {
        sink.accept(ByteBuffer.wrap(payload.buffer(), 0, payload.length()));
        classes = payload.classes();
      } else {
        try {
          classes = codec.serialize(value, sink);
        } catch (RuntimeException e) {
          throw new UnserializableResult(e);
        }
      }
      Map<String, String> metadata = CheckpointMetadata.of(
          stage.id(), key, stored, value == null ? "null" : value.getClass().getName(), Instant.now());
      metadata.putAll(Schemas.describe(classes));
      return metadata;
    };
    long[] size = {0};
    try {
      CheckpointStore.Content file = channel -> size[0] = CheckpointFile.write(channel, content);
      if (locked) {
        store.put(name, file);
      } else {
        store.putIfAbsent(name, file);
      }
      lastInputs.computed(stage.id(), key.inputs());
      return size[0];
    } catch (UnserializableResult e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (failOnStoreErrors) {
        throw new IllegalStateException("could not write checkpoint " + name + " of " + stage
            + " to " + store.describe() + ": " + e, e);
      }
      log.warn("Could not write checkpoint of {} to {} ({}). The result is returned, but the next "
          + "run will compute it again.", stage, store.describe(), e.toString());
      return 0;
    }
  }

  /** A result that Kryo could not serialize while it was streamed to the store. */
  private static final class UnserializableResult extends RuntimeException {
    UnserializableResult(RuntimeException cause) {
      super(cause);
    }
  }

  /**
   * Records a failed call in {@code failures/<runId>/<stage>/<key>.txt}: the stage, its key and
   * input fingerprints, and the stack trace. Best effort: a store error only logs.
   */
  private String writeFailure(StageDescriptor stage, StageKey key, Throwable failure) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println("stage=" + stage.id());
    out.println("key=" + key.hash().hex());
    out.println("time=" + Instant.now());
    key.inputs().forEach((name, value) -> out.println("input." + name + "=" + value));
    key.files().forEach((name, path) -> out.println("file." + name + "=" + path));
    out.println();
    failure.printStackTrace(out);
    out.flush();
    String name = CheckpointNames.failure(recorder.runId(), stage.id(), key.hash());
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      store.put(name, channel -> channel.write(ByteBuffer.wrap(bytes)));
      return name;
    } catch (IOException | RuntimeException e) {
      log.warn("Could not record the failure of {}: {}", stage, e.toString());
      return null;
    }
  }

  private void checkNotRecursive(StageKey key) {
    for (CallFrame f = currentCall.get(); f != null; f = f.parent) {
      if (f.key.hash().equals(key.hash())) {
        throw new IllegalStateException(
            "stage " + key.stage() + " calls itself with the same key, which would never finish. "
                + "Pass different arguments to the inner call, or move the recursion into a helper "
                + "method that is not a @Stage.");
      }
    }
  }

  /** The stage's invalidation generation: 0 until {@link #invalidate} is first called for it. */
  long generation(String stageId) {
    return generations.computeIfAbsent(stageId, id -> {
      try {
        return store.get(CheckpointNames.generation(id))
            .map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8).trim()))
            .orElse(0L);
      } catch (IOException | NumberFormatException e) {
        log.warn("Could not read the invalidation generation of stage {}: {}", id, e.toString());
        return 0L;
      }
    });
  }

  /**
   * Invalidates every checkpoint of a stage: bumps its generation (part of its keys and of the
   * identity its results pass downstream) and deletes its checkpoints.
   */
  int invalidate(String stageId) throws IOException {
    long next = generation(stageId) + 1;
    byte[] text = Long.toString(next).getBytes(StandardCharsets.UTF_8);
    store.put(CheckpointNames.generation(stageId), channel -> channel.write(ByteBuffer.wrap(text)));
    generations.put(stageId, next);
    memory.invalidateAll();
    int removed = 0;
    for (String name : store.list(CheckpointNames.stageFolder(stageId))) {
      if (store.delete(name)) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Invalidates one checkpoint of a stage, by key: deletes it and counts the invalidation, which
   * salts the identity of the recomputed result so that its dependents recompute too.
   */
  boolean invalidate(String stageId, String keyHex) throws IOException {
    Hash key = Hash.fromHex(keyHex);
    memory.invalidateAll();
    byte[] count = Long.toString(keyInvalidations(stageId, key) + 1).getBytes(StandardCharsets.UTF_8);
    store.put(CheckpointNames.keyInvalidation(stageId, key), channel -> channel.write(ByteBuffer.wrap(count)));
    return store.delete(CheckpointNames.checkpoint(stageId, key));
  }

  /** The stage call running on this thread, if any. */
  static CallFrame currentCall() {
    return currentCall.get();
  }

  CheckpointStore store() {
    return store;
  }

  ProgressSettings settings() {
    return progressSettings;
  }

  private void releaseLocks() {
    locks.releaseAll();
  }

  Preemption preemption() {
    return preemption;
  }

  Executor snapshotWriter() {
    return snapshotWriter;
  }

  /** Waits for background snapshot writes and stops the writer thread. */
  void close() {
    snapshotWriter.shutdown();
    try {
      if (!snapshotWriter.awaitTermination(1, TimeUnit.MINUTES)) {
        log.warn("Progress snapshots were still being written after a minute; giving up on them.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    preemption.close();
    lastInputs.close();
    locks.close();
  }

  Codec codec() {
    return codec;
  }
}
