package dev.cairn.runtime;

/**
 * Rethrows a stage's exception unchanged. The generated override declares the same checked
 * exceptions as the stage method, so a checked exception thrown here is one the caller expects.
 */
final class Sneaky {
  private Sneaky() {}

  @SuppressWarnings("unchecked")
  static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
