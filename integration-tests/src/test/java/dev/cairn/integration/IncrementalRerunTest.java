package dev.cairn.integration;

import static dev.cairn.integration.Houses.BASELINE;
import static dev.cairn.integration.Houses.CLEANING;
import static dev.cairn.integration.Houses.CODE_CHANGED;
import static dev.cairn.integration.Houses.DATA;
import static dev.cairn.integration.Houses.EVALUATE;
import static dev.cairn.integration.Houses.FEATURES;
import static dev.cairn.integration.Houses.HOUSE;
import static dev.cairn.integration.Houses.LOAD;
import static dev.cairn.integration.Houses.MODEL;
import static dev.cairn.integration.Houses.PIPELINE;
import static dev.cairn.integration.Houses.TRAIN;
import static dev.cairn.integration.Houses.assertAllReused;
import static dev.cairn.integration.Houses.assertLoadAndEverythingAfterItRecomputed;
import static dev.cairn.integration.Houses.jdk;
import static dev.cairn.integration.Houses.run;
import static dev.cairn.integration.Houses.upstream;
import static dev.cairn.integration.RunRecord.Expected.computed;
import static dev.cairn.integration.RunRecord.Expected.fromDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The acceptance scenarios of "keys that never lie", end to end: the house-price pipeline
 * ({@link Houses}) is compiled with the real processor, run in a fresh JVM, changed (its source,
 * its input file, its command line), recompiled and rerun. Each test asserts exactly which stages
 * recomputed, which were read back from the store and which were not called at all, and the
 * reason each recomputed stage recorded; then that one more run reuses everything.
 *
 * <p>The project is compiled once for the class; each test copies it and runs it once to fill a
 * store of its own, asserting that every stage computed.
 */
class IncrementalRerunTest {
  private static PipelineProject compiled;

  @BeforeAll
  static void compileThePipelineOnce(@TempDir Path folder) throws Exception {
    compiled = Houses.compiled(folder);
  }

  @Test
  @DisplayName("1. nothing changed: nothing recomputes")
  void rerunWithNothingChangedRecomputesNothing(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    project.compile(jdk());

    assertAllReused(project);
  }

  @Test
  @DisplayName("2. comment or formatting edit anywhere: nothing recomputes")
  void commentOrFormattingEditAnywhereRecomputesNothing(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    // comments, blank lines, line breaks, indentation, spacing, Javadoc, modifier and import
    // order, member order: in constants, a field initializer, stage signatures and bodies,
    // helpers, lambdas, other classes and the nested stage
    project.edit(PIPELINE, "import java.util.ArrayList;\nimport java.util.Arrays;\n",
        "import java.util.Arrays;\nimport java.util.ArrayList;  // organized differently\n");
    project.edit(PIPELINE, "  static final double AREA_SCALE = 100.0;",
        "  final static double AREA_SCALE =\n      100.0;  // square metres per feature unit");
    project.edit(PIPELINE, "header = List.of(\"area\", \"rooms\", \"price\");",
        "header = List.of(\n      \"area\",  \"rooms\",\n      \"price\" /* in euros */);");
    project.edit(PIPELINE, "  @Stage(name = \"houses.load\")\n  @Checkpoint\n"
            + "  Table load(Path csv) throws IOException {",
        "  @Stage( name=\"houses.load\" ) @Checkpoint\n"
            + "  Table load(\n      Path csv)\n      throws IOException\n  {");
    project.edit(PIPELINE, "      String trimmed = line.trim();",
        "      // the file may have been edited by hand\n      String trimmed=line.trim();");
    project.edit(PIPELINE, "    int n = table.houses().size();",
        "    /* one row per house */ int n =\ttable.houses().size();\n\n");
    project.edit(PIPELINE, "        weights[j] -= learningRate * gradient[j];",
        "        weights[j] -= learningRate*gradient[j]; // a gradient step");
    project.edit(PIPELINE, "map(y -> (y - mean) * (y - mean))",
        "map(y -> // squared deviation\n        (y - mean) * (y - mean))");
    project.edit(PIPELINE, "  @Stage(name = \"houses.evaluate\")",
        "  /** Scores the model against the houses it was trained on. */\n"
            + "  @Stage(name = \"houses.evaluate\")");
    // move a helper above the stage that calls it
    String helper = "  private static double[] initialWeights(int count) {\n"
        + "    return new double[count];\n  }\n\n";
    project.edit(PIPELINE, helper, "");
    project.edit(PIPELINE, "  @Stage\n  @Checkpoint\n  Model train(",
        helper + "  @Stage\n  @Checkpoint\n  Model train(");
    project.edit(CLEANING,
        ".filter(house -> !Double.isNaN(house.price()) && house.area() >= MIN_AREA)",
        ".filter(house -> !Double.isNaN(house.price())   // a price\n"
            + "            && house.area() >= MIN_AREA)      // and a plausible area");
    project.edit(MODEL, "      sum += weights[j] * row[j];",
        "      sum += weights[j]\n          * row[j];");
    project.edit(HOUSE, "public record House(double area, int rooms, double price) {}",
        "public record House(\n    double area,  // square metres\n    int rooms,\n"
            + "    double price) {\n}");
    project.compile(jdk());

    assertAllReused(project);
  }

  @Test
  @DisplayName("3. one argument value changed: that stage and its dependents only")
  void changedArgumentRecomputesThatStageAndItsDependentsOnly(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    RunRecord rerun = run(project, "--degree", "3");

    rerun.assertExactly(
        fromDisk(LOAD),
        computed(FEATURES, "argument 'degree' changed"),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(TRAIN, "model") + ", " + upstream(FEATURES, "features")));
    assertTrue(rerun.output().contains("argument 'degree' changed"),
        "the run summary says why features recomputed\n" + rerun.output());
    assertAllReused(project, "--degree", "3");
  }

  @Test
  @DisplayName("4. a private helper used by one stage edited: that stage and its dependents only")
  void editedPrivateHelperRecomputesItsStageAndDependentsOnly(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(PIPELINE, "    return new double[count];",
        "    double[] weights = new double[count];\n"
            + "    Arrays.fill(weights, 1.0);\n"
            + "    return weights;");
    project.compile(jdk());

    run(project).assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        computed(TRAIN, CODE_CHANGED),
        fromDisk(BASELINE),
        computed(EVALUATE, upstream(TRAIN, "model")));
    assertAllReused(project);
  }

  /**
   * Beyond the private helper of scenario 4 and the constant of scenario 5: an edit anywhere in
   * what {@code load} reaches changes its fingerprint (the reason is "code changed", not a
   * changed field), and since each edit changes the rows it loads, everything downstream
   * recomputes.
   */
  @ParameterizedTest(name = "{0}")
  @DisplayName("4+. an edit in any code a stage reaches: that stage and its dependents")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      a package-private helper      | src/com/example/houses/HousePipeline.java | (int) Cleaning.number(cells[1]), | (int) Cleaning.number(cells[1]) + 1,
      a method of another class     | src/com/example/houses/Cleaning.java      | .toList();                       | .limit(25).toList();
      a lambda in another class     | src/com/example/houses/Cleaning.java      | house.area() >= MIN_AREA)        | house.area() >= MIN_AREA && house.rooms() < 5)
      a constant of another class   | src/com/example/houses/Cleaning.java      | MIN_AREA = 10.0;                 | MIN_AREA = 60.0;
      an instance field initializer | src/com/example/houses/HousePipeline.java | minPrice = 50_000;               | minPrice = 100_000;
      """)
  void editInCodeAStageReachesRecomputesItAndItsDependents(
      String what, String file, String text, String replacement, @TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(file, text, replacement);
    project.compile(jdk());

    assertLoadAndEverythingAfterItRecomputed(project, CODE_CHANGED);
  }

  @Test
  @DisplayName("5. a constant read by a stage edited: that stage and its dependents only")
  void editedConstantRecomputesTheStageReadingItAndItsDependentsOnly(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(PIPELINE, "static final double AREA_SCALE = 100.0;",
        "static final double AREA_SCALE = 200.0;");
    project.compile(jdk());

    run(project).assertExactly(
        fromDisk(LOAD),
        computed(FEATURES, CODE_CHANGED),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(TRAIN, "model") + ", " + upstream(FEATURES, "features")));
    assertAllReused(project);
  }

  @Test
  @DisplayName("6. an input file's contents changed (same path): the stage reading it and its dependents")
  void changedInputFileRecomputesTheStageReadingItAndItsDependents(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(DATA, "\n206,4,315000\n", "\n206,4,316000\n");

    assertLoadAndEverythingAfterItRecomputed(project,
        "file " + project.path(DATA) + " changed (argument 'csv')");
  }

  @Test
  @DisplayName("7a. an unrelated pipeline field changed: nothing recomputes")
  void changedFieldNoStageReadsRecomputesNothing(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    RunRecord rerun = run(project, "--label", "another label");

    rerun.assertExactly(
        fromDisk(LOAD), fromDisk(FEATURES), fromDisk(TRAIN), fromDisk(EVALUATE));
    assertTrue(rerun.output().contains("run another label"),
        "the field did change\n" + rerun.output());
  }

  @Test
  @DisplayName("7b. a field a stage reads changed: it recomputes, with its dependents")
  void changedFieldAStageReadsRecomputesItAndItsDependents(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    run(project, "--learning-rate", "0.04").assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        computed(TRAIN, "field 'learningRate' changed"),
        fromDisk(BASELINE),
        computed(EVALUATE, upstream(TRAIN, "model")));
    assertAllReused(project, "--learning-rate", "0.04");
  }

  @Test
  @DisplayName("8. a stage called inside another stage edited: both recompute")
  void editedNestedStageRecomputesItAndTheStageCallingIt(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(PIPELINE, "map(y -> (y - mean) * (y - mean))", "map(y -> Math.abs(y - mean))");
    project.compile(jdk());

    run(project).assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        fromDisk(TRAIN),
        computed(BASELINE, CODE_CHANGED),
        computed(EVALUATE, "nested stage " + BASELINE + ": code changed"));
    assertAllReused(project);
  }

  @Test
  @DisplayName("9. an upstream edit that leaves its output identical: it recomputes, downstream is reused")
  void upstreamEditWithIdenticalOutputRecomputesOnlyThatStage(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    // the file is ASCII: strip() and trim() remove the same characters
    project.edit(PIPELINE, "String trimmed = line.trim();", "String trimmed = line.strip();");
    project.compile(jdk());

    run(project).assertExactly(
        computed(LOAD, CODE_CHANGED), fromDisk(FEATURES), fromDisk(TRAIN), fromDisk(EVALUATE));
    assertAllReused(project);
  }

  @Test
  @DisplayName("10a. version bumped: the stage and its dependents recompute")
  void versionBumpRecomputesTheStageAndItsDependents(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    project.edit(PIPELINE, "@Stage(name = \"houses.features\", version = \"1\")",
        "@Stage(name = \"houses.features\", version = \"2\")");
    project.compile(jdk());

    // train recomputes the same model from the same numbers, so evaluate sees an unchanged model
    run(project).assertExactly(
        fromDisk(LOAD),
        computed(FEATURES, "version bumped ('1' -> '2')"),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(FEATURES, "features")));
    assertAllReused(project);
  }

  @Test
  @DisplayName("10b. a stage invalidated through the API: it and its dependents recompute")
  void invalidatedStageRecomputesWithItsDependents(@TempDir Path folder) throws Exception {
    PipelineProject project = firstRun(folder);

    run(project, "--invalidate", FEATURES).assertExactly(
        fromDisk(LOAD),
        computed(FEATURES, "invalidated"),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(FEATURES, "features")));
    assertAllReused(project);

    // a stage with a derived id
    run(project, "--invalidate", TRAIN).assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        computed(TRAIN, "invalidated"),
        fromDisk(BASELINE),
        computed(EVALUATE, upstream(TRAIN, "model")));
    assertAllReused(project);
  }

  @Test
  @DisplayName("10c. a stage called inside another stage invalidated: both recompute")
  void invalidatedNestedStageRecomputesItAndTheStageCallingIt(@TempDir Path folder)
      throws Exception {
    PipelineProject project = firstRun(folder);

    run(project, "--invalidate", BASELINE).assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        fromDisk(TRAIN),
        computed(BASELINE, "invalidated"),
        computed(EVALUATE, "nested stage " + BASELINE + ": invalidated"));
    assertAllReused(project);
  }

  @Test
  @DisplayName("11. the same source compiled with JDK 25 instead of 17: nothing recomputes")
  void sameSourceCompiledByJdk25RecomputesNothing(@TempDir Path folder) throws Exception {
    assumeTrue(jdk().feature() == 17, "the pipeline was compiled by " + jdk() + ", not JDK 17");
    Optional<Jdk> jdk25 = Jdk.find(25, "cairn.jdk25");
    assumeTrue(jdk25.isPresent(),
        "no JDK 25 found: set -Dcairn.jdk25=<JDK 25 home> to run this scenario");
    PipelineProject project = firstRun(folder);

    assertEquals("", project.compile(jdk25.get()), "JDK 25 javac's warnings");

    assertAllReused(project);
  }

  /** A copy of the compiled pipeline in {@code folder}, run once: every stage computes. */
  private static PipelineProject firstRun(Path folder) throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    Houses.firstRun(project);
    return project;
  }
}
