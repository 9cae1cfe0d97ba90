package dev.cairn.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link Progress#due()} says it is time to save: every N calls, every given duration, or
 * whichever comes first. Whatever the policy, {@code due()} is also true once the JVM has been
 * asked to terminate (SIGTERM), so a loop that checks it saves once more before exiting.
 *
 * <pre>{@code
 * Cairn.builder()
 *     .progressPolicy(ProgressPolicy.every(Duration.ofMinutes(5)))            // all stages
 *     .progressPolicy("digits.train", ProgressPolicy.everyCalls(1))          // one stage
 *     .build();
 * }</pre>
 */
public final class ProgressPolicy {
  private final int calls;
  private final Duration interval;

  private ProgressPolicy(int calls, Duration interval) {
    this.calls = calls;
    this.interval = interval;
  }

  /**
   * Due on every {@code n}-th call of {@code due()}: with one call per epoch, {@code everyCalls(1)}
   * saves every epoch. This is the default.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static ProgressPolicy everyCalls(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("everyCalls needs n >= 1, was " + n);
    }
    return new ProgressPolicy(n, null);
  }

  /**
   * Due when at least {@code interval} has passed since the last save (or since the stage
   * started): bounds the work lost to a crash by time rather than by iterations.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static ProgressPolicy every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("every needs a positive interval, was " + interval);
    }
    return new ProgressPolicy(0, interval);
  }

  /** Due on every {@code n}-th call or after {@code interval}, whichever comes first. */
  public ProgressPolicy orEvery(Duration interval) {
    if (this.calls == 0) {
      throw new IllegalStateException("this policy is already time-based: " + this);
    }
    return new ProgressPolicy(calls, every(interval).interval);
  }

  boolean due(long callsSinceSave, long nanosSinceSave) {
    return (calls > 0 && callsSinceSave >= calls)
        || (interval != null && nanosSinceSave >= interval.toNanos());
  }

  @Override
  public String toString() {
    if (interval == null) {
      return "everyCalls(" + calls + ")";
    }
    return calls == 0 ? "every(" + interval + ")" : "everyCalls(" + calls + ").orEvery(" + interval + ")";
  }
}
