package dev.cairn.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease-based locks that keep several processes sharing a store from computing the same
 * checkpoint twice.
 *
 * <p>A lock is an object {@code locks/<stage>/<key>.lock} created with
 * {@link CheckpointStore#putIfAbsent} and holding its owner and an expiry time. The owner renews
 * the expiry every third of the lease while it computes and deletes the lock when done. Another
 * process that finds the lock waits, polling for the checkpoint to appear; if the lock is deleted
 * without a checkpoint (its owner failed) it competes for it again, and if its lease expired (its
 * owner was killed) it deletes it and competes for it. Locks only avoid duplicate work: checkpoints
 * are committed with put-if-absent, so two processes that do compute the same key still leave one
 * complete checkpoint.
 */
final class StageLocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StageLocks.class);

  private final CheckpointStore store;
  private final Duration lease;
  private final String owner = ProcessHandle.current().pid() + "/" + UUID.randomUUID();
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cairn-lease-renewer");
    thread.setDaemon(true);
    return thread;
  });

  StageLocks(CheckpointStore store, Duration lease) {
    this.store = store;
    this.lease = lease;
  }

  /** A held lock; closing it releases it. */
  final class Held implements AutoCloseable {
    private final String name;
    private final ScheduledFuture<?> renewal;

    private Held(String name) {
      this.name = name;
      long period = Math.max(1, lease.toMillis() / 3);
      this.renewal = renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        store.put(name, content());
      } catch (IOException | RuntimeException e) {
        log.warn("Could not renew lock {}: {}", name, e.toString());
      }
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        store.delete(name);
      } catch (IOException e) {
        log.warn("Could not release lock {} (it expires by itself): {}", name, e.toString());
      }
    }
  }

  /** What a lock attempt found. */
  sealed interface Attempt permits Acquired, HeldByOther {}

  record Acquired(Held lock) implements Attempt {}

  record HeldByOther(String owner) implements Attempt {}

  /** Tries once to take the lock, taking over an expired one. */
  Attempt tryLock(String name) throws IOException {
    if (store.putIfAbsent(name, content())) {
      return new Acquired(new Held(name));
    }
    Optional<Lease> current = read(name);
    if (current.isEmpty()) {
      return store.putIfAbsent(name, content()) ? new Acquired(new Held(name)) : new HeldByOther("?");
    }
    if (current.get().expiresMillis < System.currentTimeMillis()) {
      log.warn("Lock {} held by {} expired {} ms ago (its process probably died); taking it over.",
          name, current.get().owner, System.currentTimeMillis() - current.get().expiresMillis);
      store.delete(name);
      if (store.putIfAbsent(name, content())) {
        return new Acquired(new Held(name));
      }
    }
    return new HeldByOther(current.get().owner);
  }

  private record Lease(String owner, long expiresMillis) {}

  private Optional<Lease> read(String name) throws IOException {
    Optional<byte[]> bytes = store.get(name);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String owner = "?";
    long expires = 0;
    for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("owner=")) {
        owner = line.substring(6);
      } else if (line.startsWith("expires=")) {
        try {
          expires = Long.parseLong(line.substring(8));
        } catch (NumberFormatException e) {
          expires = 0; // unreadable: treat as expired
        }
      }
    }
    return Optional.of(new Lease(owner, expires));
  }

  private CheckpointStore.Content content() {
    byte[] text = ("owner=" + owner + "\nexpires=" + (System.currentTimeMillis() + lease.toMillis()) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    return channel -> channel.write(ByteBuffer.wrap(text));
  }

  Duration lease() {
    return lease;
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }
}
