package dev.cairn.processor.fingerprint;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's {@link Trees} for a processing environment. Build tools wrap the environment
 * (Gradle for incremental processing, IntelliJ's build), and {@code Trees.instance} accepts only
 * javac's own class, so the wrappers are looked through: IntelliJ's public unwrap helper, then a
 * {@code delegate} field as Gradle's wrapper has.
 */
public final class CompilerTrees {
  private CompilerTrees() {}

  /** Javac's trees, or empty when the compiler is not javac (Eclipse's compiler, say). */
  public static Optional<Trees> of(ProcessingEnvironment environment) {
    ProcessingEnvironment current = environment;
    for (int depth = 0; depth < 5 && current != null; depth++) {
      try {
        return Optional.of(Trees.instance(current));
      } catch (IllegalArgumentException | LinkageError e) {
        current = unwrap(current);
      }
    }
    return Optional.empty();
  }

  private static ProcessingEnvironment unwrap(ProcessingEnvironment wrapper) {
    ProcessingEnvironment intellij = unwrapIntellij(wrapper);
    if (intellij != null && intellij != wrapper) {
      return intellij;
    }
    for (Class<?> type = wrapper.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field delegate = type.getDeclaredField("delegate");
        delegate.setAccessible(true);
        Object value = delegate.get(wrapper);
        if (value instanceof ProcessingEnvironment) {
          return (ProcessingEnvironment) value;
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // not this class; try its superclass
      }
    }
    return null;
  }

  private static ProcessingEnvironment unwrapIntellij(ProcessingEnvironment wrapper) {
    try {
      ClassLoader loader = wrapper.getClass().getClassLoader();
      if (loader == null) {
        return null;
      }
      Class<?> wrappers = loader.loadClass("org.jetbrains.jps.javac.APIWrappers");
      Method unwrap = wrappers.getDeclaredMethod("unwrap", Class.class, Object.class);
      Object value = unwrap.invoke(null, ProcessingEnvironment.class, wrapper);
      return value instanceof ProcessingEnvironment ? (ProcessingEnvironment) value : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
