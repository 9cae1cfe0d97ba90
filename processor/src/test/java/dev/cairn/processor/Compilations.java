package dev.cairn.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, and reads what it generated. */
final class Compilations {
  /**
   * Every lint warning, except "No processor claimed any of these annotations": the processor
   * never claims annotations, so javac always says so under -Xlint:processing.
   */
  static final List<String> ALL_LINT = List.of("-Xlint:all", "-Xlint:-processing");

  private static final Pattern DESCRIPTOR = Pattern.compile(
      "StageDescriptor\\.builder\\(\"([^\"]*)\"\\)\\s*\\.codeFingerprint\\(\"([0-9a-f]+)\"\\)");

  private Compilations() {}

  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new CairnProcessor()).withOptions(ALL_LINT).compile(sources);
  }

  static Compilation compile(List<String> extraOptions, JavaFileObject... sources) {
    List<String> options = new ArrayList<>(ALL_LINT);
    options.addAll(extraOptions);
    return javac().withProcessors(new CairnProcessor()).withOptions(options).compile(sources);
  }

  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** The text of a generated source file. */
  static String generatedSource(Compilation compilation, String qualifiedName) {
    JavaFileObject file = compilation.generatedSourceFile(qualifiedName).orElseThrow(
        () -> new AssertionError("not generated: " + qualifiedName + "\n" + compilation));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stage id to code fingerprint, read from the generated descriptors. */
  static Map<String, String> fingerprints(Compilation compilation, String generatedName) {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    Matcher matcher = DESCRIPTOR.matcher(generatedSource(compilation, generatedName));
    while (matcher.find()) {
      fingerprints.put(matcher.group(1), matcher.group(2));
    }
    assertWithMessage("descriptors in %s", generatedName).that(fingerprints).isNotEmpty();
    return fingerprints;
  }

  /** A class loader over the class files the compilation wrote, for functional checks. */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
          path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        classes.put(name, bytes.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(Compilations.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }
}
