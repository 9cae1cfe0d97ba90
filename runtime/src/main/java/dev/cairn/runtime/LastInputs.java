package dev.cairn.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key components of each stage's last computed call, which explain the stage's next miss
 * ({@code explain/<stage>/last}, see {@link Explanations}).
 *
 * <p>Kept in memory for this JVM and written behind, at most a second after a call and at
 * {@link #close}: creating a file costs about as much as the durable write of a 1 MB checkpoint
 * on a journaling file system, and the record is only an explanation. A record lost in a crash
 * makes the next run compare with an older one, never changes what is computed.
 */
final class LastInputs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LastInputs.class);
  private static final long WRITE_DELAY_MILLIS = 1000;

  private final CheckpointStore store;
  private final ConcurrentHashMap<String, Optional<Map<String, String>>> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Map<String, String>> unwritten = new ConcurrentHashMap<>();
  private final AtomicBoolean writeScheduled = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread thread = new Thread(r, "cairn-explain-writer");
    thread.setDaemon(true);
    return thread;
  });

  LastInputs(CheckpointStore store) {
    this.store = store;
    // close() writes what is pending itself: it must not wait for the delayed write.
    writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** The components of the stage's last computed call, in this JVM or before; null if none. */
  Map<String, String> of(String stageId) {
    return known.computeIfAbsent(stageId, this::read).orElse(null);
  }

  /** Notes a computed call; the store gets it within a second. */
  void computed(String stageId, Map<String, String> inputs) {
    Map<String, String> record = Explanations.record(inputs);
    known.put(stageId, Optional.of(record));
    unwritten.put(stageId, record);
    if (writeScheduled.compareAndSet(false, true)) {
      writer.schedule(this::writeUnwritten, WRITE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private Optional<Map<String, String>> read(String stageId) {
    try {
      return store.get(CheckpointNames.lastInputs(stageId)).map(Explanations::decode);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void writeUnwritten() {
    writeScheduled.set(false);
    for (String stageId : unwritten.keySet()) {
      Map<String, String> inputs = unwritten.remove(stageId);
      if (inputs == null) {
        continue;
      }
      byte[] bytes = Explanations.encode(inputs);
      try {
        store.put(CheckpointNames.lastInputs(stageId), channel -> channel.write(ByteBuffer.wrap(bytes)),
            CheckpointStore.Durability.ATOMIC);
      } catch (IOException | RuntimeException e) {
        log.warn("Could not record the inputs of {}'s last call (only used to explain its next miss): {}",
            stageId, e.toString());
      }
    }
  }

  /** Writes what is not written yet, after a write under way (if any) ends. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeUnwritten();
  }
}
