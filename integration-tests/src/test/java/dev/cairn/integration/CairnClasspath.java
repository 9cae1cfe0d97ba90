package dev.cairn.integration;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class paths a user's build gives javac and java: the processor path (Cairn's processor and
 * what it needs), the compile class path (annotations and runtime) and the run-time class path
 * (runtime, its libraries and an SLF4J binding).
 *
 * <p>Each entry is found from a class it contains, so it is the jar in the local repository when
 * the module is built on its own and the module's {@code target/classes} folder in a reactor
 * build: the tests always exercise the processor and runtime of this build. The classes are named
 * by string and loaded without being initialized: the tests never run Cairn in their own JVM.
 */
final class CairnClasspath {
  /** Cairn's processor, and what it needs at compile time. */
  private static final List<String> PROCESSOR = List.of(
      "dev.cairn.processor.CairnProcessor",
      "dev.cairn.Stage",
      "com.palantir.javapoet.JavaFile");
  /** What the pipeline's own sources and the generated classes compile against. */
  private static final List<String> COMPILE = List.of(
      "dev.cairn.Stage",
      "dev.cairn.runtime.Cairn");
  /** What the compiled pipeline runs with: the runtime's dependencies and a logging binding. */
  private static final List<String> RUN = List.of(
      "dev.cairn.Stage",
      "dev.cairn.runtime.Cairn",
      "com.esotericsoftware.kryo.kryo5.Kryo",
      "com.github.benmanes.caffeine.cache.Caffeine",
      "org.slf4j.LoggerFactory",
      "org.slf4j.simple.SimpleLogger");

  private CairnClasspath() {}

  /** {@code -processorpath} for javac. */
  static String processorPath() {
    return of(PROCESSOR);
  }

  /** {@code -classpath} for javac. */
  static String compileClasspath() {
    return of(COMPILE);
  }

  /** The class path to run a compiled pipeline in {@code classes} with. */
  static String runClasspath(Path classes) {
    return classes + File.pathSeparator + of(RUN);
  }

  private static String of(List<String> classNames) {
    Set<String> entries = new LinkedHashSet<>();
    for (String className : classNames) {
      entries.add(locationOf(className).toString());
    }
    return String.join(File.pathSeparator, new ArrayList<>(entries));
  }

  /** The jar or class folder on this JVM's class path that holds {@code className}. */
  static Path locationOf(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, CairnClasspath.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " is not on the test class path; is its "
          + "artifact a dependency of cairn-integration-tests?", e);
    }
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot tell which jar holds " + className);
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell which jar holds " + className, e);
    }
  }
}
