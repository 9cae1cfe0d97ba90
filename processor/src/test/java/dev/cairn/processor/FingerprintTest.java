package dev.cairn.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cairn.processor.Compilations.compile;
import static dev.cairn.processor.Compilations.fingerprints;
import static dev.cairn.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A stage's code fingerprint ignores comments and formatting, changes with any token of its
 * statements and of what it reaches (helpers, constants, field initializers), and not with the
 * bodies of other stages.
 */
class FingerprintTest {
  private static final String PIPELINE = """
      package p;

      import dev.cairn.Stage;
      import java.util.List;

      class Pipeline {
        static final int SCALE = 10;
        static final List<String> WORDS = List.of("a", "b");

        @Stage
        int load(int x) {
          int y = x + 1;
          return scale(y) * 2;
        }

        @Stage
        int count(String text) {
          return text.length() + WORDS.size();
        }

        @Stage
        int combine(int x) {
          return load(x) + 1;
        }

        private int scale(int v) {
          return v * SCALE + Helper.offset();
        }
      }

      class Helper {
        static int offset() {
          return 3;
        }
      }
      """;

  private static final String LOAD = "p.Pipeline.load(int)";
  private static final String COUNT = "p.Pipeline.count(java.lang.String)";
  private static final String COMBINE = "p.Pipeline.combine(int)";

  @Test
  void commentsDoNotChangeIt() {
    String commented = PIPELINE
        .replace("  @Stage\n  int load(int x) {", """
              /** Loads. Javadoc does not count. */
              @Stage
              int load(int x) { // nor line comments
                /* nor block comments */
            """)
        .replace("return v * SCALE", "return v /* here */ * SCALE");
    assertThat(commented).contains("nor block comments");
    assertThat(commented).contains("/* here */");
    assertEquals(fingerprintsOf(PIPELINE), fingerprintsOf(commented));
  }

  @Test
  void formattingDoesNotChangeIt() {
    String reformatted = PIPELINE
        .replace("int y = x + 1;\n    return scale(y) * 2;", "int y=x+1;     return scale( y )*2 ;")
        .replace("  private int scale(int v) {\n    return",
            "  private int scale(\n      int v)\n  {\n\n    return");
    assertThat(reformatted).contains("int y=x+1;");
    assertThat(reformatted).contains("  {\n\n    return");
    assertEquals(fingerprintsOf(PIPELINE), fingerprintsOf(reformatted));
  }

  @Test
  void oneTokenChangesIt() {
    Map<String, String> before = fingerprintsOf(PIPELINE);
    for (String[] edit : new String[][] {
        {"int y = x + 1;", "int y = x + 2;"},
        {"int y = x + 1;", "int y = x - 1;"},
        {"int y = x + 1;\n    return scale(y)", "int z = x + 1;\n    return scale(z)"},
        {"return scale(y) * 2;", "return scale(y) * 2L > 0 ? 1 : 0;"},
    }) {
      assertThat(PIPELINE).contains(edit[0]);
      Map<String, String> after = fingerprintsOf(PIPELINE.replace(edit[0], edit[1]));
      assertNotEquals(before.get(LOAD), after.get(LOAD), "edit " + edit[0] + " -> " + edit[1]);
      assertEquals(before.get(COUNT), after.get(COUNT), "count does not reach load");
    }
  }

  @Test
  void signatureChangesIt() {
    String throwing = PIPELINE.replace("int load(int x) {", "int load(int x) throws Exception {")
        .replace("return load(x) + 1;", "try { return load(x) + 1; } catch (Exception e) { return 0; }");
    assertNotEquals(fingerprintsOf(PIPELINE).get(LOAD), fingerprintsOf(throwing).get(LOAD));
  }

  @Test
  void privateHelperEditChangesOnlyTheStagesReachingIt() {
    Map<String, String> before = fingerprintsOf(PIPELINE);
    Map<String, String> after = fingerprintsOf(PIPELINE.replace("v * SCALE", "v * SCALE + 1"));
    assertNotEquals(before.get(LOAD), after.get(LOAD));
    assertEquals(before.get(COUNT), after.get(COUNT));
  }

  @Test
  void helperInAnotherClassIsReachedToo() {
    Map<String, String> before = fingerprintsOf(PIPELINE);
    Map<String, String> after = fingerprintsOf(PIPELINE.replace("return 3;", "return 4;"));
    assertNotEquals(before.get(LOAD), after.get(LOAD));
    assertEquals(before.get(COUNT), after.get(COUNT));
  }

  @Test
  void constantEditChangesOnlyTheStagesReadingIt() {
    Map<String, String> before = fingerprintsOf(PIPELINE);
    Map<String, String> scaled = fingerprintsOf(PIPELINE.replace("SCALE = 10", "SCALE = 11"));
    assertNotEquals(before.get(LOAD), scaled.get(LOAD), "load reads SCALE through scale()");
    assertEquals(before.get(COUNT), scaled.get(COUNT));
    Map<String, String> words =
        fingerprintsOf(PIPELINE.replace("List.of(\"a\", \"b\")", "List.of(\"a\", \"c\")"));
    assertNotEquals(before.get(COUNT), words.get(COUNT), "count reads WORDS's initializer");
    assertEquals(before.get(LOAD), words.get(LOAD));
  }

  @Test
  void anotherStagesBodyIsNotPartOfItButItsIdIs() {
    Map<String, String> before = fingerprintsOf(PIPELINE);
    Map<String, String> edited = fingerprintsOf(PIPELINE.replace("x + 1;", "x + 5;"));
    assertNotEquals(before.get(LOAD), edited.get(LOAD));
    assertEquals(before.get(COMBINE), edited.get(COMBINE), "load has a key of its own");
    Map<String, String> renamed = fingerprintsOf(PIPELINE
        .replace("@Stage\n  int load", "@Stage(name = \"loader\")\n  int load"));
    assertNotEquals(before.get(COMBINE), renamed.get(COMBINE));
  }

  @Test
  void lambdaBodiesAreInside() {
    String base = """
        package p;
        import dev.cairn.Stage;
        import java.util.List;
        import java.util.stream.Collectors;
        class Lambdas {
          @Stage List<Integer> lengths(List<String> words) {
            return words.stream().map(w -> w.length() + 1).collect(Collectors.toList());
          }
        }
        """;
    assertNotEquals(fingerprintsOf(base), fingerprintsOf(base.replace("+ 1)", "+ 2)")));
  }

  @Test
  void superCallToAStageBypassesItsKeySoItsBodyIsIncluded() {
    JavaFileObject base = source("p.Base", """
        package p;
        import dev.cairn.Stage;
        class Base {
          @Stage int load() { return 1; }
        }
        """);
    String derived = """
        package p;
        import dev.cairn.Stage;
        class Derived extends Base {
          @Stage @Override int load() { return super.load() + 1; }
        }
        """;
    JavaFileObject edited = source("p.Base", """
        package p;
        import dev.cairn.Stage;
        class Base {
          @Stage int load() { return 2; }
        }
        """);
    Compilation first = compile(base, source("p.Derived", derived));
    Compilation second = compile(edited, source("p.Derived", derived));
    assertThat(first).succeededWithoutWarnings();
    assertNotEquals(fingerprints(first, "p.ResumableDerived").get("p.Derived.load()"),
        fingerprints(second, "p.ResumableDerived").get("p.Derived.load()"));
  }

  @Test
  void recursionAndCyclesEnd() {
    String cyclic = """
        package p;
        import dev.cairn.Stage;
        class Cycles {
          @Stage int run(int n) { return even(n) ? 1 : 0; }
          private boolean even(int n) { return n == 0 || odd(n - 1); }
          private boolean odd(int n) { return n != 0 && even(n - 1); }
        }
        """;
    Map<String, String> fingerprints = fingerprintsOf(cyclic);
    assertEquals(fingerprints, fingerprintsOf(cyclic));
    assertNotEquals(fingerprints, fingerprintsOf(cyclic.replace("n != 0", "n > 0")));
  }

  @Test
  void keyedFieldsAreThoseTheStageReadsDirectlyOrThroughHelpers() {
    JavaFileObject base = source("p.Base", """
        package p;
        class Base {
          protected final int inherited = 1;
        }
        """);
    JavaFileObject src = source("p.Fields", """
        package p;
        import dev.cairn.NotKeyed;
        import dev.cairn.Stage;
        class Fields extends Base {
          private final int direct;
          private final int viaHelper;
          private final int unread;
          private transient int scratch;
          @NotKeyed private final Object listener = new Object();
          private static int counter;
          Fields(int a, int b, int c) { direct = a; viaHelper = b; unread = c; }
          @Stage int compute() {
            scratch++;
            counter++;
            listener.hashCode();
            return direct + helper() + inherited;
          }
          @Stage int none() { return 0; }
          private int helper() { return viaHelper; }
        }
        """);
    Compilation compilation = compile(base, src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = Compilations.generatedSource(compilation, "p.ResumableFields");
    assertThat(generated).contains(".field(\"direct\")\n      .field(\"inherited\")\n"
        + "      .field(\"viaHelper\")\n      .build()");
    assertThat(generated).doesNotContain(".field(\"unread\")");
    assertThat(generated).doesNotContain(".field(\"scratch\")");
    assertThat(generated).doesNotContain(".field(\"listener\")");
    assertThat(generated).doesNotContain(".field(\"counter\")");
  }

  @Test
  void recordWithCompactConstructorIsReachedFromItsSyntaxWithoutBreakingJavac() {
    String record = """
        package p;
        record Range(int from, int to) {
          Range {
            if (from > to) {
              throw new IllegalArgumentException("from > to");
            }
          }
          int width() { return to - from; }
        }
        """;
    String pipeline = """
        package p;
        import dev.cairn.Stage;
        class Widths {
          @Stage int width(int from, int to) { return new Range(from, to).width(); }
        }
        """;
    Compilation first = compile(source("p.Range", record), source("p.Widths", pipeline));
    assertThat(first).succeededWithoutWarnings();
    Compilation edited = compile(
        source("p.Range", record.replace("from > to\")", "to < from\")")),
        source("p.Widths", pipeline));
    assertThat(edited).succeededWithoutWarnings();
    assertNotEquals(fingerprints(first, "p.ResumableWidths"),
        fingerprints(edited, "p.ResumableWidths"));
  }

  @Test
  void implementationOfAnInterfaceCalledByTheStageIsReached() {
    String loss = """
        package p;
        interface Loss {
          double of(double error);
          final class Squared implements Loss { public double of(double e) { return e * e; } }
          final class Absolute implements Loss { public double of(double e) { return Math.abs(e); } }
        }
        """;
    String pipeline = """
        package p;
        import dev.cairn.Stage;
        class Trainer {
          private final Loss loss = new Loss.Squared();
          @Stage double train(double error) { return loss.of(error); }
        }
        """;
    Map<String, String> before = twoFiles("p.Loss", loss, pipeline);
    assertNotEquals(before, twoFiles("p.Loss", loss.replace("e * e", "e * e * 0.5"), pipeline),
        "an implementation the call may dispatch to");
    assertNotEquals(before, twoFiles("p.Loss", loss.replace("Math.abs(e)", "Math.abs(-e)"), pipeline),
        "any implementation in the compilation counts: more recomputation, never a stale result");
  }

  @Test
  void methodsOfAnObjectCreatedByTheStageAreReached() {
    String comparator = """
        package p;
        import java.util.Comparator;
        class ByLength implements Comparator<String> {
          public int compare(String a, String b) { return a.length() - b.length(); }
        }
        """;
    String pipeline = """
        package p;
        import dev.cairn.Stage;
        import java.util.ArrayList;
        import java.util.List;
        class Trainer {
          @Stage List<String> sort(List<String> words) {
            List<String> copy = new ArrayList<>(words);
            copy.sort(new ByLength());
            return copy;
          }
        }
        """;
    assertNotEquals(twoFiles("p.ByLength", comparator, pipeline),
        twoFiles("p.ByLength", comparator.replace("a.length() - b.length()", "b.length() - a.length()"), pipeline),
        "List.sort calls ByLength.compare, which the stage never names");
  }

  /** Fingerprints of {@code p.ResumableTrainer}, compiled beside a file of helpers. */
  private static Map<String, String> twoFiles(String helperName, String helpers, String pipeline) {
    Compilation compilation = compile(source(helperName, helpers), source("p.Trainer", pipeline));
    assertThat(compilation).succeededWithoutWarnings();
    return fingerprints(compilation, "p.ResumableTrainer");
  }

  /** Stage id to fingerprint for {@code p.<first class>}'s generated class. */
  private static Map<String, String> fingerprintsOf(String text) {
    String simpleName = text.replaceAll("(?s).*?\\nclass (\\w+).*", "$1");
    Compilation compilation = compile(source("p." + simpleName, text));
    assertThat(compilation).succeededWithoutWarnings();
    return fingerprints(compilation, "p.Resumable" + simpleName);
  }
}
