package dev.cairn.runtime;

/** What one stage call did. */
public enum Outcome {
  /** The stage ran; its result was stored (in the store for {@code @Checkpoint}, else in memory). */
  COMPUTED,
  /** The result came from the memory tier of this JVM; the stage did not run. */
  MEMORY,
  /** The result was read from a checkpoint in the store; the stage did not run. */
  DISK,
  /** The stage ran and threw; the exception reached the caller. */
  FAILED;

  /** Whether the stage's code did not run because an earlier result was reused. */
  public boolean reused() {
    return this == MEMORY || this == DISK;
  }
}
