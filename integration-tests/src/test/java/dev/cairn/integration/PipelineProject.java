package dev.cairn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A user's project, in a folder of its own, built and run the way a user would: its sources are
 * compiled by {@code javac} in a separate process with Cairn's processor on the processor path,
 * and its {@code main} runs in a fresh JVM, so that every run starts with nothing in memory and
 * finds only what earlier runs left in the store.
 *
 * <pre>
 * root/
 *   src/        the Java sources (edited by {@link #edit})
 *   data/       input files (edited by {@link #edit})
 *   classes/    javac's output, emptied before each {@link #compile}
 *   generated/  the sources the processor generated
 *   store/      for the Cairn store: {@link #run} reads the run records there, so the
 *               command line must tell the pipeline to use it
 *   logs/       output of each javac and java process
 * </pre>
 *
 * <p>Compiling and starting JVMs dominate the time of these tests, so a compiled project is
 * meant to be shared: compile one, then {@link #copyTo} a folder per test (everything but the
 * store and the logs).
 */
final class PipelineProject {
  /** Short-lived JVMs start faster with only the client compiler and the serial collector. */
  private static final List<String> QUICK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private static final long TIMEOUT_MINUTES = 3;

  private final Path root;
  private final AtomicInteger processes = new AtomicInteger();

  private PipelineProject(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * A project whose {@code src/} and {@code data/} are copied from a folder of the test class
   * path ({@code src/test/resources/<resourceFolder>}).
   */
  static PipelineProject fromResources(String resourceFolder, Path root) throws IOException {
    URL url = PipelineProject.class.getClassLoader().getResource(resourceFolder);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("test resource folder " + resourceFolder
          + " is not a folder on the test class path: " + url);
    }
    Path source;
    try {
      source = Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(url.toString(), e);
    }
    PipelineProject project = new PipelineProject(root);
    copyTree(source.resolve("src"), project.root.resolve("src"));
    copyTree(source.resolve("data"), project.root.resolve("data"));
    return project;
  }

  /**
   * A copy of this project's sources, data and compiled classes in {@code root}, with an empty
   * store: a project that behaves as this one before its first run.
   */
  PipelineProject copyTo(Path root) throws IOException {
    PipelineProject copy = new PipelineProject(root);
    for (String folder : List.of("src", "data", "classes", "generated")) {
      copyTree(this.root.resolve(folder), copy.root.resolve(folder));
    }
    return copy;
  }

  /** The project's folder. */
  Path root() {
    return root;
  }

  /** The absolute path of a file of the project, for example {@code data/houses.csv}. */
  Path path(String relative) {
    return root.resolve(relative);
  }

  /** The folder meant for the project's Cairn store. */
  Path store() {
    return root.resolve("store");
  }

  /**
   * Replaces the one occurrence of {@code text} in a file of the project with
   * {@code replacement}, as an edit in an editor would.
   *
   * @param file the file, relative to the project's folder ({@code src/com/example/Foo.java})
   * @throws AssertionError if {@code text} does not occur in the file exactly once, so that a
   *     test never passes because its edit silently did nothing
   */
  void edit(String file, String text, String replacement) throws IOException {
    Path path = path(file);
    String content = Files.readString(path, StandardCharsets.UTF_8);
    int at = content.indexOf(text);
    if (at < 0) {
      fail("cannot edit " + file + ": it does not contain\n" + text);
    }
    if (content.indexOf(text, at + 1) >= 0) {
      fail("cannot edit " + file + ": it contains this more than once, make the text longer\n"
          + text);
    }
    if (text.equals(replacement)) {
      throw new IllegalArgumentException("an edit that changes nothing: " + text);
    }
    String edited = content.substring(0, at) + replacement + content.substring(at + text.length());
    Files.writeString(path, edited, StandardCharsets.UTF_8);
  }

  /**
   * Adds a new file to the project, as a user adding a class would.
   *
   * @param file the file, relative to the project's folder
   * @throws AssertionError if the file exists already
   */
  void create(String file, String content) throws IOException {
    Path path = path(file);
    if (Files.exists(path)) {
      fail("cannot create " + file + ": it exists");
    }
    Files.createDirectories(path.getParent());
    Files.writeString(path, content, StandardCharsets.UTF_8);
  }

  /**
   * Compiles every source under {@code src/} into an emptied {@code classes/}, with {@code jdk}'s
   * javac in a separate process, {@code --release 17}, Cairn's processor on the processor path
   * and {@code -Xlint:all}.
   *
   * @return what javac printed (warnings, notes): nothing for a clean compilation
   * @throws AssertionError if javac fails
   */
  String compile(Jdk jdk) throws IOException, InterruptedException {
    Path classes = root.resolve("classes");
    Path generated = root.resolve("generated");
    deleteTree(classes);
    deleteTree(generated);
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    List<String> command = new ArrayList<>();
    command.add(jdk.javac().toString());
    for (String option : QUICK_JVM) {
      command.add("-J" + option);
    }
    command.addAll(List.of(
        "--release", "17",
        "-encoding", "UTF-8",
        "-Xlint:all", "-Xlint:-processing",
        "-processorpath", CairnClasspath.processorPath(),
        "-classpath", CairnClasspath.compileClasspath(),
        "-d", classes.toString(),
        "-s", generated.toString()));
    try (Stream<Path> files = Files.walk(root.resolve("src"))) {
      files.filter(f -> f.toString().endsWith(".java")).sorted().map(Path::toString)
          .forEach(command::add);
    }
    Finished javac = execute("javac-" + jdk.feature(), command);
    if (javac.exitCode() != 0) {
      fail("javac (" + jdk + ") failed with exit code " + javac.exitCode() + ":\n"
          + javac.describe());
    }
    return javac.output();
  }

  /**
   * Runs {@code mainClass} of the compiled project in a fresh JVM of {@code jdk}, in the
   * project's folder, and reads the run record it left in {@link #store()} (the arguments must
   * tell it to use that store).
   *
   * @throws AssertionError if the process fails or did not write exactly one new run record
   */
  RunRecord run(Jdk jdk, String mainClass, List<String> arguments)
      throws IOException, InterruptedException {
    Path store = store();
    Set<Path> before = runRecords(store);
    List<String> command = new ArrayList<>();
    command.add(jdk.java().toString());
    command.addAll(QUICK_JVM);
    command.addAll(List.of(
        "-classpath", CairnClasspath.runClasspath(root.resolve("classes")),
        mainClass));
    command.addAll(arguments);
    Finished java = execute("java", command);
    if (java.exitCode() != 0) {
      fail(mainClass + " failed with exit code " + java.exitCode() + ":\n" + java.describe());
    }
    Set<Path> created = new HashSet<>(runRecords(store));
    created.removeAll(before);
    assertEquals(1, created.size(),
        "expected one new run record in " + store.resolve("runs") + "\n" + java.describe());
    return RunRecord.read(created.iterator().next(), java.output());
  }

  /** A finished process: its exit code, its command line and what it printed. */
  private record Finished(int exitCode, List<String> command, String output) {
    String describe() {
      return "$ " + String.join(" ", command) + "\n" + output;
    }
  }

  /** Runs a command in the project's folder, its output to a log file, within the timeout. */
  private Finished execute(String name, List<String> command)
      throws IOException, InterruptedException {
    Path logs = Files.createDirectories(root.resolve("logs"));
    Path log = logs.resolve(String.format("%02d-%s.log", processes.incrementAndGet(), name));
    Process process = new ProcessBuilder(command)
        .directory(root.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      fail(name + " did not finish in " + TIMEOUT_MINUTES + " minutes: " + command + "\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Finished(process.exitValue(), command, Files.readString(log, StandardCharsets.UTF_8));
  }

  private static Set<Path> runRecords(Path store) throws IOException {
    Path runs = store.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(runs)) {
      return new HashSet<>(files.filter(f -> f.getFileName().toString().endsWith(".tsv")).toList());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(path -> {
        Path target = to.resolve(from.relativize(path).toString());
        try {
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }

  @Override
  public String toString() {
    return "project at " + root;
  }
}
