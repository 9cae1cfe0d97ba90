package dev.cairn.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.JavaFileObjectSubject.assertThat;
import static dev.cairn.processor.Compilations.classLoader;
import static dev.cairn.processor.Compilations.compile;
import static dev.cairn.processor.Compilations.generatedSource;
import static dev.cairn.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.cairn.runtime.Cairn;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shape of {@code Resumable<X>}, and that it compiles without warnings in every case. */
class GeneratedCodeTest {
  private static final JavaFileObject TRAINING_PIPELINE =
      JavaFileObjects.forResource("golden/TrainingPipeline.java");

  @Test
  void generatesTheCanonicalShape() {
    Compilation compilation = compile(TRAINING_PIPELINE);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "com.example.ResumableTrainingPipeline")
        .replaceAll("codeFingerprint\\(\"[0-9a-f]{64}\"\\)", "codeFingerprint(\"FINGERPRINT\")");
    assertThat(JavaFileObjects.forSourceString("com.example.ResumableTrainingPipeline", generated))
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("golden/ResumableTrainingPipeline.java"));
  }

  @Test
  void generatedAnnotationNamesTheProcessorAndNoDate() {
    String generated = generatedSource(compile(TRAINING_PIPELINE),
        "com.example.ResumableTrainingPipeline");
    assertThat(generated).contains("@Generated(\"dev.cairn.processor.CairnProcessor\")");
    assertThat(generated).doesNotContain("date");
  }

  @Test
  void descriptorsCarryWhatTheRuntimeNeeds() throws Exception {
    Compilation compilation = compile(TRAINING_PIPELINE);
    Class<?> generated =
        classLoader(compilation).loadClass("com.example.ResumableTrainingPipeline");

    StageDescriptor load = descriptor(generated, "STAGE$load");
    assertEquals("com.example.TrainingPipeline.load(java.nio.file.Path)", load.id());
    assertEquals("", load.version());
    assertTrue(load.checkpoint());
    assertEquals(List.of("csv"), load.parameterNames());
    assertTrue(load.isKeyed(0));
    assertEquals(List.of(), load.fields());
    assertThat(load.codeFingerprint()).matches("[0-9a-f]{64}");

    StageDescriptor train = descriptor(generated, "STAGE$train");
    assertEquals("train", train.id());
    assertEquals("2", train.version());
    assertEquals(List.of("rows", "listener"), train.parameterNames());
    assertTrue(train.isKeyed(0));
    assertFalse(train.isKeyed(1));
    assertEquals(List.of("epochs"), train.fields(), "progress is @NotKeyed");

    StageDescriptor report = descriptor(generated, "STAGE$report");
    assertFalse(report.checkpoint());
  }

  @Test
  void generatedClassIsFinalPublicLikeThePipelineAndConstructorsMirrorIt() throws Exception {
    Class<?> generated = classLoader(compile(TRAINING_PIPELINE))
        .loadClass("com.example.ResumableTrainingPipeline");
    assertTrue(Modifier.isFinal(generated.getModifiers()));
    assertTrue(Modifier.isPublic(generated.getModifiers()));
    assertEquals("com.example.TrainingPipeline", generated.getSuperclass().getName());
    Constructor<?> publicConstructor = generated.getDeclaredConstructor(
        Cairn.class, int.class, java.util.function.IntConsumer.class);
    assertTrue(Modifier.isPublic(publicConstructor.getModifiers()));
    Constructor<?> packageConstructor = generated.getDeclaredConstructor(Cairn.class, int.class);
    assertFalse(Modifier.isPublic(packageConstructor.getModifiers()));
    assertEquals(2, generated.getDeclaredConstructors().length);
  }

  @Test
  void stageCallsRunTheOriginalMethod(@TempDir Path store) throws Exception {
    JavaFileObject src = source("p.Arithmetic", """
        package p;
        import dev.cairn.Stage;
        public class Arithmetic {
          private final int offset;
          public Arithmetic(int offset) { this.offset = offset; }
          @Stage public int shift(int x) { return x + offset; }
          @Stage public String label(String prefix, int... parts) {
            return prefix + java.util.Arrays.toString(parts);
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> generated = classLoader(compilation).loadClass("p.ResumableArithmetic");
    try (Cairn cairn = Cairn.builder().directory(store).build()) {
      Object pipeline = generated.getConstructor(Cairn.class, int.class).newInstance(cairn, 10);
      Method shift = generated.getMethod("shift", int.class);
      assertEquals(15, shift.invoke(pipeline, 5));
      Method label = generated.getMethod("label", String.class, int[].class);
      assertTrue(label.isVarArgs());
      assertEquals("n[1, 2]", label.invoke(pipeline, "n", new int[] {1, 2}));
    }
  }

  @Test
  void theRuntimeKeysCallsAsTheDescriptorSays(@TempDir Path store) throws Exception {
    JavaFileObject src = source("p.Counted", """
        package p;
        import dev.cairn.NotKeyed;
        import dev.cairn.Stage;
        public class Counted {
          public static int runs;
          private final int factor;
          private final int unused;
          public Counted(int factor, int unused) { this.factor = factor; this.unused = unused; }
          @Stage public int scale(int x, @NotKeyed String listener) {
            runs++;
            return x * factor;
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> generated = classLoader(compilation).loadClass("p.ResumableCounted");
    Field runs = generated.getSuperclass().getField("runs");
    Constructor<?> constructor = generated.getConstructor(Cairn.class, int.class, int.class);
    Method scale = generated.getMethod("scale", int.class, String.class);
    try (Cairn cairn = Cairn.builder().directory(store).build()) {
      Object pipeline = constructor.newInstance(cairn, 3, 0);
      assertEquals(6, scale.invoke(pipeline, 2, "a"));
      assertEquals(6, scale.invoke(pipeline, 2, "b"), "listener is @NotKeyed");
      assertEquals(1, runs.getInt(null));
      assertEquals(6, scale.invoke(constructor.newInstance(cairn, 3, 99), 2, "c"),
          "unused is not read by scale, so it is not part of the key");
      assertEquals(1, runs.getInt(null));
      assertEquals(8, scale.invoke(constructor.newInstance(cairn, 4, 0), 2, "d"),
          "factor is read by scale");
      assertEquals(2, runs.getInt(null));
    }
  }

  @Test
  void everyMethodShapeCompilesWithoutWarnings() {
    JavaFileObject src = source("p.Shapes", """
        package p;
        import dev.cairn.Checkpoint;
        import dev.cairn.Stage;
        import java.io.IOException;
        import java.util.ArrayList;
        import java.util.Collection;
        import java.util.List;
        import java.util.Map;
        import java.util.concurrent.TimeoutException;

        class Shapes {
          @Stage <T extends Comparable<? super T>> T max(Collection<? extends T> xs) {
            T best = null;
            for (T x : xs) {
              if (best == null || x.compareTo(best) > 0) {
                best = x;
              }
            }
            return best;
          }
          @Stage <K, V extends List<K>> Map<K, V> identity(Map<K, V> map) { return map; }
          @Stage @Checkpoint String read(String path) throws IOException, TimeoutException {
            if (path.isEmpty()) {
              throw new IOException("empty");
            }
            return path;
          }
          @Stage int sum(int... values) {
            int sum = 0;
            for (int v : values) {
              sum += v;
            }
            return sum;
          }
          @SuppressWarnings("unchecked")
          @Stage <T> List<T> collect(T... items) { return new ArrayList<>(List.of(items)); }
          @SuppressWarnings("unchecked")
          @Stage int count(List<String>... lists) { return lists.length; }
          @Stage double[][] grid(int[] sizes, String[][] names) { return new double[sizes.length][names.length]; }
          @Stage boolean flag(boolean b) { return !b; }
          @Stage char letter(char c) { return c; }
          @Stage byte b(byte x) { return x; }
          @Stage short s(short x) { return x; }
          @Stage long l(long x) { return x; }
          @Stage float f(float x) { return x; }
          @Stage void nothing() {}
          @Stage @Checkpoint void sideEffect(List<String> sink) { sink.add("done"); }
          @Stage List<?> wildcard() { return List.of(1); }
          @Stage List<? extends Number> bounded() { return List.of(1); }
          @Stage Integer boxed(Integer x) { return x; }
          @Stage Object object() { return this; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "p.ResumableShapes");
    assertThat(generated).contains("<T> List<T> collect(T... items)");
    assertThat(generated).contains("int sum(int... values)");
    assertThat(generated).contains("String read(String path) throws IOException, TimeoutException");
    assertThat(generated)
        .contains("<T extends Comparable<? super T>> T max(Collection<? extends T> xs)");
  }

  @Test
  void genericPipelineKeepsItsTypeParameters() {
    JavaFileObject src = source("p.Generic", """
        package p;
        import dev.cairn.Stage;
        import java.util.List;
        class Generic<T extends Number, L extends List<T>> {
          private final L values;
          Generic(L values) { this.values = values; }
          <U> Generic(L values, U ignored) { this(values); }
          @SafeVarargs
          Generic(L values, T... more) { this(values); }
          @Stage T first() { return values.get(0); }
          @Stage L all(L extra) { return extra; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "p.ResumableGeneric");
    assertThat(generated).contains(
        "final class ResumableGeneric<T extends Number, L extends List<T>> extends Generic<T, L>");
    assertThat(generated).contains("<U> ResumableGeneric(Cairn cairn, L values, U ignored)");
    assertThat(generated).contains("ResumableGeneric(Cairn cairn, L values, T... more)");
  }

  @Test
  void constructorsKeepThrowsAndVisibilityButSkipPrivateOnes() {
    JavaFileObject src = source("p.Ctors", """
        package p;
        import dev.cairn.Stage;
        public class Ctors {
          protected Ctors(String path) throws java.io.IOException {}
          private Ctors() {}
          @Stage public int one() { return 1; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "p.ResumableCtors");
    assertThat(generated)
        .contains("protected ResumableCtors(Cairn cairn, String path) throws IOException");
    assertThat(generated).doesNotContain("ResumableCtors(Cairn cairn) {");
  }

  @Test
  void nestedPipelineIsNamedOuterUnderscoreInnerAndKeepsPackageVisibility() throws Exception {
    JavaFileObject src = source("p.Outer", """
        package p;
        import dev.cairn.Stage;
        public class Outer {
          static class Inner {
            @Stage int one() { return 1; }
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    Class<?> generated = classLoader(compilation).loadClass("p.ResumableOuter_Inner");
    assertFalse(Modifier.isPublic(generated.getModifiers()));
    assertEquals("p.Outer$Inner", generated.getSuperclass().getName());
    StageDescriptor one = descriptor(generated, "STAGE$one");
    assertEquals("p.Outer$Inner.one()", one.id());
  }

  @Test
  void generatedNamesNeverCollideWithThePipelines() {
    JavaFileObject src = source("p.Crowded", """
        package p;
        import dev.cairn.Stage;
        class Crowded {
          static class StageDescriptor {}
          static class Cairn {}
          int cairn$stages;
          static final int STAGE$load = 1;
          static final int STAGE$other = 2;
          Crowded(int cairn) { cairn$stages = cairn; }
          @Stage int load(int STAGE$load$) { return cairn$stages + STAGE$load$; }
          @Stage int load(String text) { return text.length(); }
          @Stage int other(Object cairn) { return STAGE$load + cairn.hashCode(); }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "p.ResumableCrowded");
    assertThat(generated).contains("private final PipelineStages cairn$stages$;");
    assertThat(generated).contains("ResumableCrowded(dev.cairn.runtime.Cairn cairn$, int cairn)");
    assertThat(generated).contains("StageDescriptor STAGE$load$1 =");
    assertThat(generated).contains("StageDescriptor STAGE$load$2 =");
    assertThat(generated).contains("dev.cairn.runtime.internal.StageDescriptor STAGE$other$ =");
  }

  @Test
  void serializablePipelineCompilesWithoutSerialWarnings() {
    JavaFileObject src = source("p.Saved", """
        package p;
        import dev.cairn.Stage;
        class Saved implements java.io.Serializable {
          private static final long serialVersionUID = 7L;
          @Stage int one() { return 1; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.ResumableSaved"))
        .contains("private final transient PipelineStages cairn$stages;");
  }

  @Test
  void deprecatedStagesAndPipelinesStayWarningFree() {
    JavaFileObject src = source("p.Old", """
        package p;
        import dev.cairn.Stage;
        @Deprecated
        class Old {
          @Deprecated Old() {}
          @Deprecated @Stage int legacy() { return 1; }
        }
        """);
    JavaFileObject user = source("p.User", """
        package p;
        class User {
          @SuppressWarnings("deprecation")
          int use() { return new Old().legacy(); }
        }
        """);
    Compilation compilation = compile(src, user);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.ResumableOld")).contains("@Deprecated");
  }

  @Test
  void inheritedStagesAreOverriddenUnlessOverriddenWithoutStage() {
    JavaFileObject base = source("p.Base", """
        package p;
        import dev.cairn.Stage;
        class Base {
          @Stage int load() { return 1; }
          @Stage int plain() { return 2; }
        }
        """);
    JavaFileObject src = source("p.Derived", """
        package p;
        import dev.cairn.Stage;
        class Derived extends Base {
          @Override int plain() { return 3; }
          @Stage int train() { return load() + 1; }
        }
        """);
    Compilation compilation = compile(base, src);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generatedSource(compilation, "p.ResumableDerived");
    assertThat(generated).contains("int load()");
    assertThat(generated).contains("StageDescriptor.builder(\"p.Base.load()\")");
    assertThat(generated).doesNotContain("int plain()");
    assertThat(generated).contains("int train()");
  }

  @Test
  void inheritedStageOfAGenericSuperclassIsOverriddenWithItsTypeArguments() {
    JavaFileObject base = source("p.Base", """
        package p;
        import dev.cairn.Stage;
        import java.util.List;
        class Base<T> {
          @Stage List<T> wrap(T item) { return List.of(item); }
        }
        """);
    JavaFileObject derived = source("p.Words", """
        package p;
        import dev.cairn.Stage;
        class Words extends Base<String> {
          @Stage int count(String text) { return wrap(text).size(); }
        }
        """);
    Compilation compilation = compile(base, derived);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.ResumableWords"))
        .contains("List<String> wrap(String item)");
  }

  @Test
  void underPlainXlintAllTheOnlyWarningsAreJavacsUnclaimedAnnotationsNotices() {
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new CairnProcessor())
        .withOptions("-Xlint:all")
        .compile(TRAINING_PIPELINE);
    assertThat(compilation).succeeded();
    assertThat(compilation.warnings()).isNotEmpty();
    for (var warning : compilation.warnings()) {
      assertThat(warning.getMessage(null))
          .startsWith("No processor claimed any of these annotations");
    }
  }

  @Test
  void inheritedStageWithoutSourceIsNotOverriddenAndSaysSo(@TempDir Path classes)
      throws IOException {
    JavaFileObject base = source("lib.Base", """
        package lib;
        import dev.cairn.Stage;
        public class Base {
          @Stage public int load() { return 1; }
        }
        """);
    Compilation library = com.google.testing.compile.Compiler.javac()
        .withOptions("-proc:none").compile(base);
    assertThat(library).succeeded();
    for (JavaFileObject file : library.generatedFiles()) {
      Path target = classes.resolve("lib/Base.class");
      java.nio.file.Files.createDirectories(target.getParent());
      try (var in = file.openInputStream()) {
        java.nio.file.Files.copy(in, target);
      }
    }
    JavaFileObject derived = source("app.Derived", """
        package app;
        import dev.cairn.Stage;
        public class Derived extends lib.Base {
          @Stage public int train() { return load() + 1; }
        }
        """);
    List<java.io.File> classpath = new java.util.ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      classpath.add(new java.io.File(entry));
    }
    classpath.add(classes.toFile());
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new CairnProcessor())
        .withOptions(Compilations.ALL_LINT)
        .withClasspath(classpath)
        .compile(derived);
    assertThat(compilation)
        .hadWarningContaining("ResumableDerived does not override stage load() inherited from "
            + "lib.Base: that class was compiled separately")
        .inFile(derived).onLineContaining("class Derived");
    assertThat(generatedSource(compilation, "app.ResumableDerived")).doesNotContain("load()");
  }

  @Test
  void pipelineWhoseMainUsesTheGeneratedClassCompiles() throws Exception {
    JavaFileObject src = source("p.Quick", """
        package p;
        import dev.cairn.Stage;
        import dev.cairn.runtime.Cairn;
        import java.nio.file.Path;
        public class Quick {
          @Stage public int answer() { return 42; }
          public static int main(Path store) {
            try (Cairn cairn = Cairn.builder().directory(store).build()) {
              return new ResumableQuick(cairn).answer();
            }
          }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void pipelineReferringToATypeGeneratedLaterIsDeferredThenGenerated() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage int load() { return new Helper().value() + 1; }
        }
        """);
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new GeneratesHelperInFirstRound(), new CairnProcessor())
        .withOptions(Compilations.ALL_LINT)
        .compile(src);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "p.ResumablePipeline")).contains("STAGE$load");
  }

  private static StageDescriptor descriptor(Class<?> generated, String name) throws Exception {
    Field field = generated.getDeclaredField(name);
    field.setAccessible(true);
    return (StageDescriptor) field.get(null);
  }

  /** Writes p.Helper in the first round, as another annotation processor might. */
  static final class GeneratesHelperInFirstRound extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile("p.Helper").openWriter()) {
          writer.write("package p;\nclass Helper {\n  int value() { return 41; }\n}\n");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return false;
    }
  }
}
