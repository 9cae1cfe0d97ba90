package dev.cairn.runtime;

/**
 * A stage call whose key cannot be computed, such as an argument Kryo cannot serialize. The
 * message names the stage and the parameter or field, and says what to do. Nothing is computed or
 * stored for such a call.
 */
public final class StageKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  StageKeyException(String message) {
    super(message);
  }

  StageKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
