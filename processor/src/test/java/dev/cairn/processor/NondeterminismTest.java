package dev.cairn.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cairn.processor.Compilations.compile;
import static dev.cairn.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Warnings for stages that read what their key cannot see, and how to silence them. */
class NondeterminismTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "System.currentTimeMillis()                    | the clock through System.currentTimeMillis()",
      "System.nanoTime()                             | the clock through System.nanoTime()",
      "java.time.Instant.now()                       | the clock through Instant.now()",
      "java.time.LocalDate.now()                     | the clock through LocalDate.now()",
      "java.time.LocalDateTime.now()                 | the clock through LocalDateTime.now()",
      "java.time.ZonedDateTime.now()                 | the clock through ZonedDateTime.now()",
      "java.time.Clock.systemUTC()                   | the clock through Clock.systemUTC()",
      "new java.util.Random()                        | an unseeded random generator through new Random()",
      "Math.random()                                 | an unseeded random generator through Math.random()",
      "java.util.concurrent.ThreadLocalRandom.current() | an unseeded random generator through ThreadLocalRandom.current()",
      "System.getenv(\"HOME\")                       | an environment variable through System.getenv(...)",
      "System.getProperty(\"user.name\")             | a system property through System.getProperty(...)",
      "java.util.UUID.randomUUID()                   | a random UUID through UUID.randomUUID()",
  })
  void eachSourceWarnsAtTheCall(String expression, String what) {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage Object read() {
            return %s;
          }
        }
        """.formatted(expression));
    Compilation compilation = compile(src);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("Stage read() reads " + what + ", which its key cannot see")
        .inFile(src).onLineContaining("return ");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void messageSaysWhatToDoAndHowToSuppress() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage long stamp() { return System.currentTimeMillis(); }
        }
        """);
    assertThat(compile(src)).hadWarningContaining(
            "Stage stamp() reads the clock through System.currentTimeMillis(), which its key "
                + "cannot see: a checkpoint computed with one value is reused with another. Pass "
                + "the time in as a stage parameter, so that it becomes part of the key. If the "
                + "value cannot change the result, add @SuppressWarnings(\"cairn\") to the stage "
                + "or class.")
        .inFile(src).onLineContaining("stamp()");
  }

  @Test
  void seededRandomAndOrdinaryCallsAreFine() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        import java.util.Random;
        class Pipeline {
          @Stage double sample(long seed) {
            java.time.Instant fixed = java.time.Instant.ofEpochSecond(seed);
            return new Random(seed).nextDouble() + fixed.getNano() + Math.abs(-1);
          }
        }
        """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void readThroughAHelperIsReportedAtTheHelperNamingTheStage() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage String name() { return prefix() + "x"; }
          private String prefix() {
            return System.getenv("PREFIX");
          }
        }
        """);
    assertThat(compile(src))
        .hadWarningContaining("Stage name() reads an environment variable through System.getenv")
        .inFile(src).onLineContaining("System.getenv");
  }

  @Test
  void methodReferencesCountToo() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        import java.util.function.LongSupplier;
        class Pipeline {
          @Stage long later() {
            LongSupplier clock = System::nanoTime;
            return clock.getAsLong();
          }
        }
        """);
    assertThat(compile(src)).hadWarningContaining("reads the clock through System.nanoTime()")
        .inFile(src).onLineContaining("System::nanoTime");
  }

  @Test
  void aStageCalledByAnotherIsReportedForItselfOnly() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage long stamp() { return System.currentTimeMillis(); }
          @Stage long twice() { return stamp() * 2; }
        }
        """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadWarningContaining("Stage stamp() reads the clock");
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void suppressWarningsCairnOnTheStageSilencesIt() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @SuppressWarnings("cairn")
          @Stage long stamp() { return System.currentTimeMillis(); }
        }
        """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsCairnOnTheClassOrTheHelperSilencesIt() {
    JavaFileObject onClass = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        @SuppressWarnings("cairn")
        class Pipeline {
          @Stage long stamp() { return System.nanoTime(); }
        }
        """);
    assertThat(compile(onClass)).succeededWithoutWarnings();
    JavaFileObject onHelper = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @Stage long stamp() { return now(); }
          @SuppressWarnings("cairn")
          private long now() { return System.nanoTime(); }
        }
        """);
    assertThat(compile(onHelper)).succeededWithoutWarnings();
  }

  @Test
  void otherSuppressionsDoNotSilenceIt() {
    JavaFileObject src = source("p.Pipeline", """
        package p;
        import dev.cairn.Stage;
        class Pipeline {
          @SuppressWarnings("unchecked")
          @Stage long stamp() { return System.currentTimeMillis(); }
        }
        """);
    assertThat(compile(src)).hadWarningCount(1);
  }
}
