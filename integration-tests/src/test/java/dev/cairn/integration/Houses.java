package dev.cairn.integration;

import static dev.cairn.integration.RunRecord.Expected.computed;
import static dev.cairn.integration.RunRecord.Expected.fromDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The house-price test pipeline ({@code src/test/resources/houses}): its files, its stage ids, and
 * how the tests compile and run it.
 *
 * <p>{@code load(csv)} → {@code features(table, degree)} → {@code train(features)} →
 * {@code evaluate(model, features, tolerance)}, which calls {@code baselineError(features)}
 * inside its body; {@code count(csvName)} (run alone with {@code --only count}) calls
 * {@code load} inside its body. {@code train} reads the fields {@code learningRate} and
 * {@code epochs}; {@code load} reads {@code header} and {@code minPrice}; no stage reads
 * {@code label}. {@code HouseMain}'s options set the arguments and fields and can invalidate
 * stages through the API before the run.
 */
final class Houses {
  static final String MAIN = "com.example.houses.HouseMain";
  static final String PIPELINE = "src/com/example/houses/HousePipeline.java";
  static final String CLEANING = "src/com/example/houses/Cleaning.java";
  static final String HOUSE = "src/com/example/houses/House.java";
  static final String MODEL = "src/com/example/houses/Model.java";
  static final String DATA = "data/houses.csv";

  static final String LOAD = "houses.load";
  static final String FEATURES = "houses.features";
  /** The one stage without a name: its id is derived from class, method and parameter types. */
  static final String TRAIN = "com.example.houses.HousePipeline.train(com.example.houses.Features)";
  static final String BASELINE = "houses.baseline";
  static final String EVALUATE = "houses.evaluate";
  static final String COUNT = "houses.count";

  static final String FIRST_RUN = "no checkpoint for this key (first run of this stage)";
  static final String CODE_CHANGED = "code changed";

  private Houses() {}

  /**
   * The JDK that compiles and runs the pipeline: a JDK 17 ({@code -Dcairn.jdk17}, this one, or
   * one installed beside it), else this JVM's own JDK.
   */
  static Jdk jdk() {
    return Compiler.JDK;
  }

  private static final class Compiler {
    static final Jdk JDK = Jdk.find(17, "cairn.jdk17")
        .or(() -> Jdk.at(Path.of(System.getProperty("java.home"))))
        .orElseThrow(() -> new IllegalStateException("no JDK with javac found"));
  }

  /**
   * The pipeline's sources and data in {@code folder}, compiled by {@link #jdk()}; asserts that
   * they and the generated code compile without a single warning under {@code -Xlint:all}.
   */
  static PipelineProject compiled(Path folder) throws IOException, InterruptedException {
    PipelineProject project = PipelineProject.fromResources("houses", folder);
    assertEquals("", project.compile(jdk()), "javac's warnings");
    return project;
  }

  /**
   * Runs the whole pipeline once on a fresh store and asserts that every stage computed, for
   * want of a checkpoint.
   */
  static void firstRun(PipelineProject project) throws IOException, InterruptedException {
    RunRecord first = run(project);
    first.assertExactly(
        computed(LOAD, FIRST_RUN),
        computed(FEATURES, FIRST_RUN),
        computed(TRAIN, FIRST_RUN),
        computed(BASELINE, FIRST_RUN),
        computed(EVALUATE, FIRST_RUN));
    assertEquals(1, first.output().lines().filter(l -> l.startsWith("evaluation: ")).count(),
        first.output());
  }

  /**
   * Asserts that a run with {@code options} reuses every stage from the store: what the previous
   * run computed is what this one needs. ({@code baselineError} is not called when
   * {@code evaluate} is reused.)
   */
  static void assertAllReused(PipelineProject project, String... options)
      throws IOException, InterruptedException {
    run(project, options).assertExactly(
        fromDisk(LOAD), fromDisk(FEATURES), fromDisk(TRAIN), fromDisk(EVALUATE));
  }

  /**
   * Asserts that a run recomputes {@code load} for {@code loadReason}, and every stage after it
   * because the result it passes on changed; then that a rerun reuses everything.
   */
  static void assertLoadAndEverythingAfterItRecomputed(PipelineProject project, String loadReason)
      throws IOException, InterruptedException {
    run(project).assertExactly(
        computed(LOAD, loadReason),
        computed(FEATURES, upstream(LOAD, "table")),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(TRAIN, "model") + ", " + upstream(FEATURES, "features")));
    assertAllReused(project);
  }

  /** Runs {@code HouseMain} in a fresh JVM on the project's store and input file. */
  static RunRecord run(PipelineProject project, String... options)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of(
        "--store", project.store().toString(),
        "--data", project.path(DATA).toString()));
    arguments.addAll(List.of(options));
    return project.run(jdk(), MAIN, arguments);
  }

  /** The reason recorded for a stage whose argument came from an upstream stage that changed. */
  static String upstream(String stage, String argument) {
    return "upstream " + stage + " changed (argument '" + argument + "')";
  }
}
