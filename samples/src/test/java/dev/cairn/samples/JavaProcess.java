package dev.cairn.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A sample's {@code main} running in a fresh JVM with the test class path, the way a user or a
 * scheduler runs it. Its standard output is read line by line as it comes (so a test can act on
 * what the run has done so far); its standard error goes to a file.
 *
 * <p>{@link #kill()} sends SIGKILL and {@link #terminate()} SIGTERM, through the process's
 * {@link ProcessHandle}: {@link Process#destroy()} and {@link Process#destroyForcibly()} send the
 * same signals but also close this side of the pipes at once, which would lose whatever the
 * process prints while it shuts down (or printed just before it died).
 */
public final class JavaProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>(); // guarded by this
  private final List<Long> nanos = new ArrayList<>(); // guarded by this: System.nanoTime() each line was read
  private boolean ended; // guarded by this: standard output is closed

  private JavaProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::read, "stdout of " + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} with {@code args}; its standard error goes to {@code <logs>/<name>.err}.
   */
  public static JavaProcess start(Path logs, String name, Class<?> main, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(args);
    Files.createDirectories(logs);
    Path stderr = logs.resolve(name + ".err");
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
    process.getOutputStream().close();
    return new JavaProcess(name, process, stderr);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (this) {
          lines.add(line);
          nanos.add(System.nanoTime());
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process died: what was read so far is all there is
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** The lines printed so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** When line {@code index} was read, by {@link System#nanoTime()}. */
  public synchronized long nanosOf(int index) {
    return nanos.get(index);
  }

  /** How many lines were printed so far. */
  public synchronized int lineCount() {
    return lines.size();
  }

  /**
   * Waits for a line at index {@code from} or later that matches, and returns its index; -1 if
   * the process ends or {@code timeout} passes first.
   */
  public synchronized int awaitLine(int from, Predicate<String> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int next = from; ; ) {
      for (; next < lines.size(); next++) {
        if (matches.test(lines.get(next))) {
          return next;
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        return -1;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the JVM ends at once, without shutdown hooks. */
  public void kill() {
    process.toHandle().destroyForcibly();
  }

  /** SIGTERM: the JVM runs its shutdown hooks (Cairn's preemption handling), then exits. */
  public void terminate() {
    process.toHandle().destroy();
  }

  /**
   * Waits for the process to end and for its output to be read.
   *
   * @return its exit code
   * @throws AssertionError if it does not end within {@code timeout} (it is killed then)
   */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      reader.join(10_000);
      throw new AssertionError(name + " did not end within " + timeout + "\n" + describe());
    }
    reader.join(30_000);
    return process.exitValue();
  }

  /** What the process wrote to standard error so far. */
  public String stderr() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its output and error so far, for assertion messages. */
  public String describe() {
    return "--- " + name + " stdout:\n" + String.join("\n", lines()) + "\n--- " + name + " stderr:\n" + stderr();
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
