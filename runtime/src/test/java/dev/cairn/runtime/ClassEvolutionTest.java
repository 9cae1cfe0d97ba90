package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.PipelineStages;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpointed class changes between runs: compatible changes load, incompatible ones are
 * recomputed with a reason that says what changed, never read into a wrong object.
 */
class ClassEvolutionTest {
  @TempDir Path dir;

  private static final String FACTORY =
      "public static Object make() { return %s; }\n"
          + "public static String show(Object o) { return String.valueOf(o); }\n";

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("class gains a field", true,
            cls("int a; String b; public String toString() { return a + \"/\" + b; }", "new M(7, \"x\")", "M(int a, String b) { this.a = a; this.b = b; }"),
            cls("int a; String b; long c; public String toString() { return a + \"/\" + b + \"/\" + c; }", "new M(7, \"x\")", "M(int a, String b) { this.a = a; this.b = b; }"),
            "7/x/0"),
        Arguments.of("class loses a field", true,
            cls("int a; String b; public String toString() { return a + \"/\" + b; }", "new M(7, \"x\")", "M(int a, String b) { this.a = a; this.b = b; }"),
            cls("int a; public String toString() { return a + \"\"; }", "new M(7)", "M(int a) { this.a = a; }"),
            "7"),
        Arguments.of("field changes type", false,
            cls("int a; public String toString() { return \"\" + a; }", "new M(7)", "M(int a) { this.a = a; }"),
            cls("long a; public String toString() { return \"\" + a; }", "new M(9)", "M(long a) { this.a = a; }"),
            "9"),
        Arguments.of("record gains a component", false,
            "public record M(int a) {}\n" + String.format(FACTORY, "new M(7)"),
            "public record M(int a, int b) {}\n" + String.format(FACTORY, "new M(8, 9)"),
            "M[a=8, b=9]"),
        Arguments.of("record in a list gains a component", false,
            "public record M(int a) {}\n" + String.format(FACTORY, list("new M(7)", "new M(8)")),
            "public record M(int a, int b) {}\n" + String.format(FACTORY, list("new M(8, 9)", "new M(10, 11)")),
            "[M[a=8, b=9], M[a=10, b=11]]"),
        Arguments.of("record in a list loses a component", false,
            "public record M(int a, String b) {}\n" + String.format(FACTORY, list("new M(7, \"x\")")),
            "public record M(int a) {}\n" + String.format(FACTORY, list("new M(9)")),
            "[M[a=9]]"),
        Arguments.of("record in an immutable list changes a component's type", false,
            "public record M(int a) {}\n" + String.format(FACTORY, "java.util.List.of(new M(7), new M(8))"),
            "public record M(long a) {}\n" + String.format(FACTORY, "java.util.List.of(new M(9L))"),
            "[M[a=9]]"),
        Arguments.of("enum reorders its constants", false,
            "public enum M { RED, GREEN; " + String.format(FACTORY, "GREEN") + "}",
            "public enum M { GREEN, RED; " + String.format(FACTORY, "GREEN") + "}",
            "GREEN"),
        Arguments.of("enum gains a constant at its end", true,
            "public enum M { RED, GREEN; " + String.format(FACTORY, "GREEN") + "}",
            "public enum M { RED, GREEN, BLUE; " + String.format(FACTORY, "BLUE") + "}",
            "GREEN"));
  }

  /** An ArrayList of the given elements, as Java source. */
  private static String list(String... elements) {
    return "new java.util.ArrayList<>(java.util.List.of(" + String.join(", ", elements) + "))";
  }

  private static String cls(String body, String make, String constructor) {
    return "public class M { " + body + " " + constructor + " }\n" + String.format(FACTORY, make);
  }

  /** Compiles {@code M} and a {@code Factory} holding {@code make()} and {@code show(Object)}. */
  private ClassLoader compile(String name, String source) throws IOException {
    Path src = Files.createDirectories(dir.resolve(name + "-src/evolve"));
    Path out = Files.createDirectories(dir.resolve(name + "-classes"));
    String type;
    String factory;
    if (source.startsWith("public enum")) {
      type = source;
      factory = "package evolve; public class Factory { public static Object make() { return M.make(); } public static String show(Object o) { return M.show(o); } }";
    } else {
      int split = source.indexOf("\npublic static");
      type = source.substring(0, split);
      factory = "package evolve; public class Factory {" + source.substring(split) + "}";
    }
    Files.writeString(src.resolve("M.java"), "package evolve; " + type);
    Files.writeString(src.resolve("Factory.java"), factory);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", out.toString(),
        src.resolve("M.java").toString(), src.resolve("Factory.java").toString());
    assertEquals(0, rc, "compiling " + source);
    return new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
  }

  private StageCallRecord runWith(ClassLoader loader, Function<Object, String> show, String[] shown) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try (Cairn cairn = Stages.open(dir.resolve("store"))) {
      Class<?> factory = loader.loadClass("evolve.Factory");
      StageDescriptor stage = StageDescriptor.builder("evolve.make").codeFingerprint("same")
          .checkpoint(true).build();
      Object result = PipelineStages.bind(cairn, this).call(stage, new Object[0],
          () -> factory.getMethod("make").invoke(null));
      shown[0] = (String) factory.getMethod("show", Object.class).invoke(null, result);
      Object element = result instanceof List<?> l && !l.isEmpty() ? l.get(0) : result;
      assertEquals(loader, element.getClass().getClassLoader(), "an object of the current class");
      return cairn.lastRun().calls().get(0);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changedClassIsReadCompatiblyOrRecomputed(String change, boolean compatible, String before,
      String after, String expected) throws Exception {
    String[] shown = new String[1];
    assertEquals(Outcome.COMPUTED, runWith(compile("v1", before), null, shown).outcome());
    StageCallRecord second = runWith(compile("v2", after), null, shown);
    if (compatible) {
      assertEquals(Outcome.DISK, second.outcome(), second.toString());
    } else {
      assertEquals(Outcome.COMPUTED, second.outcome(), second.toString());
      assertTrue(second.reason().contains("written for other classes"), second.reason());
    }
    assertEquals(expected, shown[0]);
    Reliability.record("class evolution: " + change + (compatible ? " (loads)" : " (recomputed)"), 1, 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void schemaDescriptionNamesWhatChanged(String change, boolean compatible, String before,
      String after, String expected) throws Exception {
    ClassLoader v1 = compile("d1", before);
    ClassLoader v2 = compile("d2", after);
    var described = Schemas.describe(List.of(v1.loadClass("evolve.M")));
    assertEquals(compatible, Schemas.incompatibility(described, v2).isEmpty(),
        change + ": " + Schemas.incompatibility(described, v2));
    assertTrue(Schemas.incompatibility(described, v1).isEmpty());
    ClassLoader empty = new URLClassLoader(new URL[0], null);
    assertEquals("class evolve.M no longer exists", Schemas.incompatibility(described, empty).orElseThrow());
  }
}
