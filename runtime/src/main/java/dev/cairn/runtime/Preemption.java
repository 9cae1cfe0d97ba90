package dev.cairn.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Cairn} does when the JVM is asked to terminate (SIGTERM, SIGINT, or
 * {@code System.exit}) while stages with {@link Progress} are running: a shutdown hook marks
 * termination as requested, so that {@link Progress#due()} turns true and each loop saves once
 * more; it waits for those saves for most of the grace period, then makes every pending snapshot
 * durable before the deadline, releases the stage locks this JVM holds, and lets the JVM exit.
 *
 * <p>Schedulers send SIGTERM and then SIGKILL after a grace period of their own: SLURM after
 * {@code KillWait} (30 s by default, with {@code --signal} to warn earlier), Kubernetes after
 * {@code terminationGracePeriodSeconds} (30 s by default). Keep Cairn's grace below theirs.
 */
final class Preemption {
  private static final Logger log = LoggerFactory.getLogger(Preemption.class);

  private final Duration grace;
  private final Set<Progress<?>> active = ConcurrentHashMap.newKeySet();
  private final Thread hook = new Thread(this::onTermination, "cairn-preemption");
  private final Runnable releaseLocks;
  private volatile boolean requested;

  Preemption(Duration grace, Runnable releaseLocks) {
    this.grace = grace;
    this.releaseLocks = releaseLocks;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  void register(Progress<?> progress) {
    active.add(progress);
  }

  void unregister(Progress<?> progress) {
    active.remove(progress);
  }

  /** How many stage calls' progress a SIGTERM would save now. */
  int active() {
    return active.size();
  }

  boolean requested() {
    return requested;
  }

  /** Removes the hook: the {@code Cairn} closed normally. */
  void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs or ran
    }
  }

  private void onTermination() {
    requested = true;
    try {
      saveProgress();
    } finally {
      releaseLocks.run(); // the stages this JVM was computing will not finish: let others start
    }
  }

  private void saveProgress() {
    if (active.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + grace.toNanos();
    long waitForSave = start + grace.toNanos() * 4 / 5;
    log.warn("Termination requested: saving the progress of {} running stage(s) (grace {}).",
        active.size(), grace);
    while (System.nanoTime() < waitForSave && !active.stream().allMatch(Progress::savedAfterPreemption)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Progress<?> progress : active) {
      if (!progress.flush(deadline)) {
        log.warn("A progress snapshot could not be made durable within the grace period {}.", grace);
      }
    }
  }
}
