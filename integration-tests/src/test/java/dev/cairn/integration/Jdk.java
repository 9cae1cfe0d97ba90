package dev.cairn.integration;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An installed JDK: its home directory and its feature version (17, 25, ...), read from the
 * {@code release} file every JDK has at its root.
 *
 * <p>{@link #find} looks, in order, at a system property naming a JDK home, at the JDK running
 * the tests, and at the JDKs installed side by side under {@code /usr/lib/jvm} (Debian, Ubuntu and
 * the Temurin packages) or {@code /Library/Java/JavaVirtualMachines} (macOS).
 *
 * @param home the JDK's root directory (with {@code bin/javac} and {@code bin/java})
 * @param feature the feature version, for example 17 for {@code 17.0.15}
 */
record Jdk(Path home, int feature) {
  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(1\\.)?(\\d+)[^\"]*\"", Pattern.MULTILINE);
  private static final List<Path> INSTALL_ROOTS =
      List.of(Path.of("/usr/lib/jvm"), Path.of("/Library/Java/JavaVirtualMachines"));

  /** {@code bin/javac} of this JDK. */
  Path javac() {
    return home.resolve("bin").resolve("javac");
  }

  /** {@code bin/java} of this JDK. */
  Path java() {
    return home.resolve("bin").resolve("java");
  }

  /**
   * A JDK of the given feature version that has a {@code javac}: the one named by the system
   * property {@code property} if set (it must then be that version), else the running JDK if it is
   * that version, else the first one found under the usual installation folders.
   *
   * @throws IllegalStateException if the property names something that is not such a JDK
   */
  static Optional<Jdk> find(int feature, String property) {
    String configured = System.getProperty(property, "").trim();
    if (!configured.isEmpty()) {
      Jdk jdk = at(Path.of(configured)).orElseThrow(() -> new IllegalStateException(
          "-D" + property + "=" + configured + " is not a JDK home (no release file and bin/javac)"));
      if (jdk.feature != feature) {
        throw new IllegalStateException("-D" + property + "=" + configured + " is JDK "
            + jdk.feature + ", not JDK " + feature);
      }
      return Optional.of(jdk);
    }
    Optional<Jdk> running = at(Path.of(System.getProperty("java.home")));
    if (running.isPresent() && running.get().feature == feature) {
      return running;
    }
    for (Path candidate : installed()) {
      Optional<Jdk> jdk = at(candidate);
      if (jdk.isPresent() && jdk.get().feature == feature) {
        return jdk;
      }
    }
    return Optional.empty();
  }

  /** The JDK at {@code home}, if it is a JDK with a {@code javac} and a readable release file. */
  static Optional<Jdk> at(Path home) {
    for (Path dir : List.of(home, home.resolve("Contents/Home"))) {
      Path release = dir.resolve("release");
      if (!Files.isRegularFile(release) || !Files.isExecutable(dir.resolve("bin/javac"))) {
        continue;
      }
      try {
        Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
        if (matcher.find()) {
          return Optional.of(new Jdk(dir.toRealPath(), Integer.parseInt(matcher.group(2))));
        }
      } catch (IOException | NumberFormatException e) {
        // not a JDK we can use
      }
    }
    return Optional.empty();
  }

  private static List<Path> installed() {
    List<Path> candidates = new ArrayList<>();
    for (Path root : INSTALL_ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        entries.forEach(candidates::add);
      } catch (IOException e) {
        // an unreadable folder holds no JDK we can use
      }
    }
    candidates.sort(null);
    return candidates;
  }

  @Override
  public String toString() {
    return "JDK " + feature + " at " + home;
  }
}
