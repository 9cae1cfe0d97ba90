package dev.cairn.runtime.internal;

/**
 * The original stage method, as the generated override hands it to the runtime:
 * {@code () -> super.load(path)}. It may throw whatever the original method declares; the
 * runtime rethrows it to the caller unchanged.
 *
 * @param <T> the stage's result type (boxed for primitives, {@code Void} for {@code void})
 */
@FunctionalInterface
public interface StageBody<T> {
  T compute() throws Throwable;
}
