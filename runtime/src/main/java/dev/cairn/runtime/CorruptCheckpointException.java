package dev.cairn.runtime;

/** A stored frame that failed verification; the message says how, for the warning. */
final class CorruptCheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptCheckpointException(String reason) {
    super(reason);
  }
}
