package dev.cairn.runtime.internal;

import dev.cairn.runtime.Cairn;

/**
 * The bridge from {@link PipelineStages} to the package-private engine behind {@link Cairn}, so
 * that the engine stays out of the public API. {@code Cairn} installs the only implementation
 * when its class initializes; a second installation is refused.
 */
public abstract class RuntimeAccess {
  private static volatile RuntimeAccess installed;

  protected RuntimeAccess() {}

  /** Called once by {@code Cairn}'s static initializer. */
  public static synchronized void install(RuntimeAccess access) {
    if (installed != null) {
      throw new IllegalStateException("RuntimeAccess is installed by dev.cairn.runtime.Cairn only");
    }
    installed = access;
  }

  static RuntimeAccess get() {
    RuntimeAccess access = installed;
    if (access == null) {
      throw new IllegalStateException("dev.cairn.runtime.Cairn was not initialized");
    }
    return access;
  }

  /** Answers one stage call for {@code pipeline} through {@code cairn}. */
  protected abstract <T> T call(
      Cairn cairn, Object pipeline, StageDescriptor stage, Object[] arguments, StageBody<T> body);
}
