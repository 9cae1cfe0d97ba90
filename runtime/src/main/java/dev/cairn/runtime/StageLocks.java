package dev.cairn.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks that keep several processes sharing a store from computing the same checkpoint twice.
 *
 * <p>Where the store has {@linkplain CheckpointStore#processLocks() process locks} (the local
 * directory store: file locks), a lock is one of those: the operating system releases it when its
 * process ends, however it ends, so there is nothing to renew, expire or take over.
 *
 * <p>Otherwise a lock is a lease: an object {@code locks/<stage>/<key>.lock} created with
 * {@link CheckpointStore#putIfAbsent} and holding its owner and an expiry time. The owner renews
 * the expiry every third of the lease while it computes and deletes the lock when done. Another
 * process that finds the lock waits, polling for the checkpoint to appear; if the lock is deleted
 * without a checkpoint (its owner failed) it competes for it again, and if its lease expired (its
 * owner was killed) it deletes it and competes for it. A lock records its owner's boot id and
 * process start time, so a waiter on the same machine sees at once that the owner is gone (a
 * {@code kill -9}) instead of waiting out the lease. A JVM that is terminating releases its locks.
 * Locks only avoid duplicate work: checkpoints
 * are committed with put-if-absent, so two processes that do compute the same key still leave one
 * complete checkpoint.
 */
final class StageLocks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StageLocks.class);

  private final CheckpointStore store;
  private final Optional<CheckpointStore.ProcessLocks> processLocks;
  private final Duration lease;
  private static final String BOOT_ID = bootId();
  private static final long PID = ProcessHandle.current().pid();
  private static final long STARTED = startMillis(ProcessHandle.current());

  private final String owner = PID + "/" + UUID.randomUUID();
  private final Set<Held> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cairn-lease-renewer");
    thread.setDaemon(true);
    return thread;
  });

  StageLocks(CheckpointStore store, Duration lease) {
    this.store = store;
    this.processLocks = store.processLocks();
    this.lease = lease;
  }

  /** A held lock; closing it releases it. */
  final class Held implements AutoCloseable {
    private final String name;
    private final Closeable processLock;
    private final ScheduledFuture<?> renewal;

    /** A process lock, or (if {@code processLock} is null) a lease object to renew. */
    private Held(String name, Closeable processLock) {
      this.name = name;
      this.processLock = processLock;
      if (processLock == null) {
        long period = Math.max(1, lease.toMillis() / 3);
        this.renewal = renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
      } else {
        this.renewal = null;
      }
      held.add(this);
    }

    private void renew() {
      try {
        store.put(name, content(), CheckpointStore.Durability.ATOMIC);
      } catch (IOException | RuntimeException e) {
        log.warn("Could not renew lock {}: {}", name, e.toString());
      }
    }

    @Override
    public void close() {
      if (!held.remove(this)) {
        return;
      }
      try {
        if (processLock != null) {
          processLock.close();
        } else {
          renewal.cancel(false);
          store.delete(name);
        }
      } catch (IOException e) {
        log.warn("Could not release lock {} (it {}): {}", name,
            processLock != null ? "is released when this process ends" : "expires by itself", e.toString());
      }
    }
  }

  /** What a lock attempt found. */
  sealed interface Attempt permits Acquired, HeldByOther {}

  record Acquired(Held lock) implements Attempt {}

  record HeldByOther(String owner) implements Attempt {}

  /** Tries once to take the lock, taking over an expired lease. */
  Attempt tryLock(String name) throws IOException {
    if (processLocks.isPresent()) {
      Optional<Closeable> lock = processLocks.get().tryLock(name);
      return lock.isPresent() ? new Acquired(new Held(name, lock.get())) : new HeldByOther("another process");
    }
    if (store.putIfAbsent(name, content(), CheckpointStore.Durability.ATOMIC)) {
      return new Acquired(new Held(name, null));
    }
    Optional<Lease> current = read(name);
    if (current.isEmpty()) {
      return store.putIfAbsent(name, content(), CheckpointStore.Durability.ATOMIC)
          ? new Acquired(new Held(name, null))
          : new HeldByOther("?");
    }
    Lease lease = current.get();
    boolean ownerGone = lease.isOwnerGoneOnThisMachine();
    if (ownerGone || lease.expiresMillis < System.currentTimeMillis()) {
      if (ownerGone) {
        log.warn("Lock {} is held by process {}, which is no longer running on this machine; "
            + "taking it over.", name, lease.owner);
      } else {
        log.warn("Lock {} held by {} expired {} ms ago (its process probably died); taking it over.",
            name, lease.owner, System.currentTimeMillis() - lease.expiresMillis);
      }
      store.delete(name);
      if (store.putIfAbsent(name, content(), CheckpointStore.Durability.ATOMIC)) {
        return new Acquired(new Held(name, null));
      }
    }
    return new HeldByOther(current.get().owner);
  }

  private record Lease(String owner, long expiresMillis, String boot, long started) {
    /** Whether the owner ran on this machine since its last boot and that process is gone. */
    boolean isOwnerGoneOnThisMachine() {
      if (BOOT_ID.isEmpty() || !BOOT_ID.equals(boot) || started == 0) {
        return false;
      }
      long pid;
      try {
        pid = Long.parseLong(owner.substring(0, owner.indexOf('/')));
      } catch (RuntimeException e) {
        return false;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      return process.isEmpty() || !process.get().isAlive() || startMillis(process.get()) != started;
    }
  }

  private Optional<Lease> read(String name) throws IOException {
    Optional<byte[]> bytes = store.get(name);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    String owner = "?";
    long expires = 0;
    String boot = "";
    long started = 0;
    for (String line : new String(bytes.get(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("owner=")) {
        owner = line.substring(6);
      } else if (line.startsWith("expires=")) {
        expires = parseLong(line.substring(8)); // unreadable: 0, treated as expired
      } else if (line.startsWith("boot=")) {
        boot = line.substring(5);
      } else if (line.startsWith("started=")) {
        started = parseLong(line.substring(8));
      }
    }
    return Optional.of(new Lease(owner, expires, boot, started));
  }

  private CheckpointStore.Content content() {
    byte[] text = ("owner=" + owner + "\nexpires=" + (System.currentTimeMillis() + lease.toMillis())
        + "\nboot=" + BOOT_ID + "\nstarted=" + STARTED + "\n").getBytes(StandardCharsets.UTF_8);
    return channel -> channel.write(ByteBuffer.wrap(text));
  }

  Duration lease() {
    return lease;
  }

  /** Releases every lock this process holds: it is terminating and will not finish them. */
  void releaseAll() {
    for (Held lock : held) {
      lock.close();
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** This boot of this machine (Linux), or empty where the platform does not say. */
  private static String bootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
