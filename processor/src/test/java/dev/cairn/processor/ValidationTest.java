package dev.cairn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cairn.processor.Compilations.compile;
import static dev.cairn.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per error in the catalogue, each pinned to the file and line it is reported on. */
class ValidationTest {

  @Nested
  class StageMethods {
    @Test
    void privateStageIsAnErrorOnTheMethod() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage private int secret() { return 1; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation).hadErrorContaining(
              "@Stage methods must not be private: the generated subclass cannot override them. "
                  + "Make it package-private or wider.")
          .inFile(src).onLineContaining("secret()");
      assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void staticStageIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage static int shared() { return 1; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Stage methods must not be static")
          .inFile(src).onLineContaining("shared()");
    }

    @Test
    void finalStageIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage final int sealed() { return 1; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Stage methods must not be final")
          .inFile(src).onLineContaining("sealed()");
    }

    @Test
    void everyMisuseIsReportedNotOnlyTheFirst() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          final class Pipeline {
            @Stage private int a() { return 1; }
            @Stage static int b() { return 2; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation).hadErrorContaining("must not be final").inFile(src)
          .onLineContaining("final class Pipeline");
      assertThat(compilation).hadErrorContaining("must not be private").inFile(src)
          .onLineContaining("a()");
      assertThat(compilation).hadErrorContaining("must not be static").inFile(src)
          .onLineContaining("b()");
      assertThat(compilation).hadErrorCount(3);
    }

    @Test
    void stageInInterfaceIsAnError() {
      JavaFileObject src = source("p.Steps", """
          package p;
          import dev.cairn.Stage;
          interface Steps {
            @Stage default int load() { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@Stage methods must be declared in a class, not in an interface")
          .inFile(src).onLineContaining("load()");
    }

    @Test
    void stageInEnumIsAnError() {
      JavaFileObject src = source("p.Mode", """
          package p;
          import dev.cairn.Stage;
          enum Mode {
            FAST;
            @Stage int load() { return 1; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Stage methods cannot be declared in an enum")
          .inFile(src).onLineContaining("load()");
    }

    @Test
    void stageInRecordIsAnError() {
      JavaFileObject src = source("p.Point", """
          package p;
          import dev.cairn.Stage;
          record Point(int x) {
            @Stage int load() { return x; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Stage methods cannot be declared in a record")
          .inFile(src).onLineContaining("load()");
    }

    @Test
    void stageInLocalClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Stage;
          class Outer {
            void run() {
              class Local {
                @Stage int load() { return 1; }
              }
              new Local().load();
            }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@Stage methods cannot be declared in a local or anonymous class")
          .inFile(src).onLineContaining("int load()");
    }

    @Test
    void stageInAnonymousClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Stage;
          import java.util.function.IntSupplier;
          class Outer {
            final IntSupplier supplier = new IntSupplier() {
              @Override @Stage public int getAsInt() { return 1; }
            };
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@Stage methods cannot be declared in a local or anonymous class")
          .inFile(src).onLineContaining("getAsInt()");
    }

    @Test
    void duplicateExplicitNamesAreAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage(name = "load") int first() { return 1; }
            @Stage(name = "load") int second() { return 2; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation)
          .hadErrorContaining("Stage id \"load\" is already used by first() in Pipeline")
          .inFile(src).onLineContaining("second()");
      assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void explicitNameCollidingWithADerivedIdIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage int load(String path) { return 1; }
            @Stage(name = "p.Pipeline.load(java.lang.String)") int other() { return 2; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("Stage id \"p.Pipeline.load(java.lang.String)\" is already used")
          .inFile(src).onLineContaining("other()");
    }

    @Test
    void stageCalledFromTheConstructorIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          import java.util.function.IntSupplier;
          class Pipeline {
            private final int size;
            private final int later;
            private final IntSupplier deferred = () -> load();
            Pipeline() {
              this.size = this.load();
              this.later = deferred.getAsInt();
            }
            @Stage int load() { return 1; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation)
          .hadErrorContaining("Stage load() is called while Pipeline is being constructed: the "
              + "generated subclass binds the pipeline to Cairn only after its constructor "
              + "returns")
          .inFile(src).onLineContaining("this.size = this.load()");
      assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void blankNameIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage(name = "  ") int load() { return 1; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Stage(name) must not be blank")
          .inFile(src).onLineContaining("load()");
    }
  }

  @Nested
  class PipelineClasses {
    @Test
    void finalClassIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          final class Pipeline {
            @Stage int load() { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("A class with @Stage methods must not be final: Cairn generates "
              + "ResumablePipeline as a subclass of it. Remove final.")
          .inFile(src).onLineContaining("final class Pipeline");
    }

    @Test
    void abstractClassIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          abstract class Pipeline {
            @Stage int load() { return 1; }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("A class with @Stage methods must not be abstract")
          .inFile(src).onLineContaining("abstract class Pipeline");
    }

    @Test
    void innerClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Stage;
          class Outer {
            class Pipeline {
              @Stage int load() { return 1; }
            }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("must not be an inner class: the generated ResumableOuter_Pipeline")
          .inFile(src).onLineContaining("class Pipeline");
    }

    @Test
    void privateNestedClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Stage;
          class Outer {
            private static class Pipeline {
              @Stage int load() { return 1; }
            }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("must be visible in its package: the generated "
              + "ResumableOuter_Pipeline extends it from there, but Pipeline is private")
          .inFile(src).onLineContaining("class Pipeline");
    }

    @Test
    void classNestedInAPrivateClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Stage;
          class Outer {
            private static class Hidden {
              static class Pipeline {
                @Stage int load() { return 1; }
              }
            }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("but Hidden is private")
          .inFile(src).onLineContaining("static class Pipeline");
    }

    @Test
    void classWithOnlyPrivateConstructorsIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            private Pipeline() {}
            @Stage int load() { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("needs a constructor that is not private: the generated "
              + "ResumablePipeline calls it")
          .inFile(src).onLineContaining("class Pipeline");
    }
  }

  @Nested
  class AnnotationsElsewhere {
    @Test
    void checkpointWithoutStageIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Checkpoint;
          class Pipeline {
            @Checkpoint int load() { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@Checkpoint only applies to @Stage methods: it persists a stage's "
              + "results, and this method is not a stage. Add @Stage, or remove @Checkpoint.")
          .inFile(src).onLineContaining("load()");
    }

    @Test
    void checkpointWithoutStageInALocalClassIsAnError() {
      JavaFileObject src = source("p.Outer", """
          package p;
          import dev.cairn.Checkpoint;
          class Outer {
            Object run() {
              return new Object() {
                @Checkpoint int load() { return 1; }
              };
            }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("@Checkpoint only applies to @Stage methods")
          .inFile(src).onLineContaining("load()");
    }

    @Test
    void notKeyedOnAMethodIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          class Pipeline {
            @NotKeyed int helper() { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@NotKeyed only applies to parameters of @Stage methods and to "
              + "fields: on a method it means nothing.")
          .inFile(src).onLineContaining("helper()");
    }

    @Test
    void notKeyedOnATypeIsAnError() {
      JavaFileObject src = source("p.Listener", """
          package p;
          import dev.cairn.NotKeyed;
          @NotKeyed
          class Listener {}
          """);
      assertThat(compile(src)).hadErrorContaining("on a type it means nothing")
          .inFile(src).onLineContaining("@NotKeyed");
    }

    @Test
    void notKeyedOnAConstructorIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          class Pipeline {
            @NotKeyed Pipeline() {}
          }
          """);
      assertThat(compile(src)).hadErrorContaining("on a constructor it means nothing")
          .inFile(src).onLineContaining("Pipeline()");
    }

    @Test
    void notKeyedOnALocalVariableIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          class Pipeline {
            int helper() {
              @NotKeyed int local = 1;
              return local;
            }
          }
          """);
      assertThat(compile(src)).hadErrorContaining("on a local variable it means nothing")
          .inFile(src).onLineContaining("int local");
    }

    @Test
    void notKeyedOnAParameterOfAnOrdinaryMethodIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          class Pipeline {
            int helper(@NotKeyed Object listener) { return 1; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("@NotKeyed on a parameter only applies to @Stage methods: method "
              + "helper(Object) is not a stage")
          .inFile(src).onLineContaining("helper(");
    }

    @Test
    void notKeyedOnAConstructorParameterIsAnErrorPointingAtTheField() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          class Pipeline {
            private final Object listener;
            Pipeline(@NotKeyed Object listener) { this.listener = listener; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("constructor Pipeline(Object) is not a stage, so its parameters "
              + "are part of no key. Remove it, or put @NotKeyed on the field")
          .inFile(src).onLineContaining("Pipeline(@NotKeyed");
    }

    @Test
    void notKeyedOnALambdaParameterIsAnError() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          import java.util.function.IntUnaryOperator;
          class Pipeline {
            final IntUnaryOperator op = (@NotKeyed int x) -> x + 1;
          }
          """);
      assertThat(compile(src)).hadErrorContaining("a lambda is not a stage")
          .inFile(src).onLineContaining("IntUnaryOperator op");
    }

    @Test
    void notKeyedOnFieldsAndStageParametersIsFine() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.NotKeyed;
          import dev.cairn.Stage;
          class Pipeline {
            @NotKeyed final Object logger = new Object();
            @NotKeyed static Object shared;
            @Stage int load(int n, @NotKeyed Object listener) { return n; }
          }
          """);
      assertThat(compile(src)).succeededWithoutWarnings();
    }
  }

  @Nested
  class Generation {
    @Test
    void typesThatNeverAppearAreReportedOnThePipeline() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage int load() { return new Missing().size(); }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation)
          .hadErrorContaining("Cairn did not generate ResumablePipeline because Pipeline "
              + "references types that do not exist: Missing")
          .inFile(src).onLineContaining("class Pipeline");
      assertThat(compilation).failed();
    }

    @Test
    void missingTypeInASignatureIsReportedToo() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage Missing load() { return null; }
          }
          """);
      assertThat(compile(src))
          .hadErrorContaining("references types that do not exist: Missing")
          .inFile(src).onLineContaining("class Pipeline");
    }

    @Test
    void recordWithExplicitCanonicalConstructorInsideThePipelineIsReported() {
      JavaFileObject src = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            record Range(int from, int to) {
              Range {
                if (from > to) throw new IllegalArgumentException();
              }
            }
            @Stage int width(int from, int to) { return new Range(from, to).to() - from; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation)
          .hadErrorContaining("Cairn cannot analyze the stages of Pipeline: that means "
              + "attributing record Range early, and javac 17 to 25 then wrongly rejects the "
              + "record's explicit canonical constructor (JDK-8387215)")
          .inFile(src).onLineContaining("class Pipeline");
      assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void pipelineDeclaredInAFileOfAnotherClassIsWarnedAbout() {
      JavaFileObject src = source("p.Main", """
          package p;
          import dev.cairn.Stage;
          public class Main {}
          class Pipeline {
            @Stage int load() { return 1; }
          }
          """);
      Compilation compilation = compile(src);
      assertThat(compilation)
          .hadWarningContaining("Pipeline is declared in Main.java, a file named after another "
              + "class: the generated ResumablePipeline refers to it from a file of its own, "
              + "which javac reports as [auxiliaryclass] under -Xlint. Move Pipeline into "
              + "Pipeline.java.")
          .inFile(src).onLineContaining("class Pipeline");
      assertThat(compilation).hadWarningContaining("auxiliary class p.Pipeline in p/Main.java");
    }

    @Test
    void anExistingClassWithTheGeneratedNameIsReported() {
      JavaFileObject pipeline = source("p.Pipeline", """
          package p;
          import dev.cairn.Stage;
          class Pipeline {
            @Stage int load() { return 1; }
          }
          """);
      JavaFileObject clash = source("p.ResumablePipeline", """
          package p;
          class ResumablePipeline {}
          """);
      assertThat(compile(pipeline, clash))
          .hadErrorContaining("Cairn could not write p.ResumablePipeline")
          .inFile(pipeline).onLineContaining("class Pipeline");
    }
  }
}
