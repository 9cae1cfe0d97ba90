package dev.cairn.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.cairn.Stage;
import dev.cairn.runtime.Cairn;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sources compiled by this JVM's javac (JDK 17 in the build) and by JDK 25's javac in
 * a separate process give the same fingerprints. The sources exercise every kind of statement
 * and expression of Java 17. Skipped when no JDK 25 is installed: set {@code -Dcairn.jdk25} or
 * {@code JDK25_HOME} to point at one.
 */
class CrossJdkFingerprintTest {
  private static final List<String> SOURCES =
      List.of("RichPipeline.java", "MorePipeline.java", "TrainingPipeline.java");
  private static final List<String> GENERATED = List.of("ResumableRichPipeline",
      "ResumableExtras", "ResumableMorePipeline", "ResumableTrainingPipeline");
  private static final Pattern DESCRIPTOR = Pattern.compile(
      "StageDescriptor\\.builder\\(\"([^\"]*)\"\\)\\s*\\.codeFingerprint\\(\"([0-9a-f]+)\"\\)");

  @Test
  void jdk25GivesTheSameFingerprintsAsThisJdk(@TempDir Path work) throws Exception {
    Path jdk25 = jdk25();
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/javac")), "no JDK 25 at " + jdk25);

    Map<String, String> here = new LinkedHashMap<>();
    List<JavaFileObject> files = new ArrayList<>();
    for (String source : SOURCES) {
      files.add(JavaFileObjects.forResource("crossjdk/" + source));
    }
    Compilation compilation = Compilations.compile(List.of(), files.toArray(JavaFileObject[]::new));
    assertThat(compilation).succeeded();
    for (String generated : GENERATED) {
      here.putAll(Compilations.fingerprints(compilation, "com.example.cross." + generated));
    }

    Path generatedSources = Files.createDirectories(work.resolve("generated"));
    List<String> command = new ArrayList<>(List.of(
        jdk25.resolve("bin/javac").toString(), "--release", "17", "-proc:only",
        "-processorpath", classpathOf(CairnProcessor.class, JavaFile.class, Stage.class),
        "-processor", CairnProcessor.class.getName(),
        "-classpath", classpathOf(Stage.class, Cairn.class),
        "-s", generatedSources.toString(), "-d", work.toString()));
    for (String source : SOURCES) {
      command.add(resource("crossjdk/" + source).toString());
    }
    Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertEquals(0, javac.exitValue(), output);

    Map<String, String> there = new LinkedHashMap<>();
    try (Stream<Path> generated = Files.walk(generatedSources)) {
      for (Path file : (Iterable<Path>) generated.filter(Files::isRegularFile)::iterator) {
        Matcher matcher = DESCRIPTOR.matcher(Files.readString(file));
        while (matcher.find()) {
          there.put(matcher.group(1), matcher.group(2));
        }
      }
    }
    assertThat(here.size()).isAtLeast(10);
    assertEquals(here, there);
  }

  private static Path jdk25() {
    String configured = System.getProperty("cairn.jdk25", System.getenv("JDK25_HOME"));
    return Path.of(configured != null ? configured : "/usr/lib/jvm/temurin-25-jdk-amd64");
  }

  private static String classpathOf(Class<?>... types) throws URISyntaxException {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : types) {
      entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path resource(String name) throws URISyntaxException, IOException {
    return Path.of(CrossJdkFingerprintTest.class.getClassLoader().getResource(name).toURI());
  }
}
