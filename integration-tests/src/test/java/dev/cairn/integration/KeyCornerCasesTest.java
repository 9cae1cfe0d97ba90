package dev.cairn.integration;

import static dev.cairn.integration.Houses.BASELINE;
import static dev.cairn.integration.Houses.CODE_CHANGED;
import static dev.cairn.integration.Houses.COUNT;
import static dev.cairn.integration.Houses.DATA;
import static dev.cairn.integration.Houses.EVALUATE;
import static dev.cairn.integration.Houses.FEATURES;
import static dev.cairn.integration.Houses.FIRST_RUN;
import static dev.cairn.integration.Houses.HOUSE;
import static dev.cairn.integration.Houses.LOAD;
import static dev.cairn.integration.Houses.PIPELINE;
import static dev.cairn.integration.Houses.TRAIN;
import static dev.cairn.integration.Houses.assertAllReused;
import static dev.cairn.integration.Houses.assertLoadAndEverythingAfterItRecomputed;
import static dev.cairn.integration.Houses.firstRun;
import static dev.cairn.integration.Houses.jdk;
import static dev.cairn.integration.Houses.run;
import static dev.cairn.integration.Houses.upstream;
import static dev.cairn.integration.RunRecord.Expected.computed;
import static dev.cairn.integration.RunRecord.Expected.fromDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the acceptance scenarios imply beyond their literal wording, on the same pipeline
 * ({@link Houses}): a change inside a nested stage that the caller's own key cannot see (a file
 * it reads, a field it reads), invalidating one key, and keys of pipelines that hold values
 * whose serialized form differs from one JVM to the next; code reached only through an interface
 * or from a record's constructor.
 */
class KeyCornerCasesTest {
  private static PipelineProject compiled;

  @BeforeAll
  static void compileThePipelineOnce(@TempDir Path folder) throws Exception {
    compiled = Houses.compiled(folder);
  }

  @Test
  @DisplayName("a file read by a nested stage changed: the stage calling it recomputes too")
  void changedFileOfANestedStageRecomputesTheStageCallingIt(@TempDir Path folder)
      throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    // count(String csvName) calls load(Path) inside: the file is not an input of count's key
    run(project, "--only", "count").assertExactly(
        computed(LOAD, FIRST_RUN), computed(COUNT, FIRST_RUN));

    project.edit(DATA, "\n206,4,315000\n", "\n206,4,315000\n210,4,320000\n");

    RunRecord rerun = run(project, "--only", "count");
    rerun.assertExactly(
        computed(LOAD, "file " + project.path(DATA) + " changed (argument 'csv')"),
        computed(COUNT, "nested stage " + LOAD + ": file " + project.path(DATA) + " changed"));
    assertEquals(List.of("houses: 31"), housesLines(rerun));
    run(project, "--only", "count").assertExactly(fromDisk(COUNT));
  }

  @Test
  @DisplayName("a field read only by a nested stage changed: the stage calling it recomputes too")
  void changedFieldOfANestedStageRecomputesTheStageCallingIt(@TempDir Path folder)
      throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    project.edit(PIPELINE,
        "    double mean = Arrays.stream(features.y()).average().orElse(0);",
        "    log.println(\"baseline of \" + label);\n"
            + "    double mean = Arrays.stream(features.y()).average().orElse(0);");
    project.compile(jdk());
    firstRun(project);

    run(project, "--label", "another label").assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        fromDisk(TRAIN),
        computed(BASELINE, "field 'label' changed"),
        computed(EVALUATE, "nested stage " + BASELINE + ": field 'label' changed"));
    assertAllReused(project, "--label", "another label");
  }

  @Test
  @DisplayName("10. one key of a stage invalidated through the API: that call and its dependents recompute")
  void invalidatedKeyRecomputesThatCallAndItsDependents(@TempDir Path folder) throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    RunRecord first = run(project);
    String key = first.calls().stream().filter(c -> c.stage().equals(FEATURES)).findFirst()
        .orElseThrow().key();

    run(project, "--invalidate-key", FEATURES + "=" + key).assertExactly(
        fromDisk(LOAD),
        computed(FEATURES, "invalidated (this key)"),
        computed(TRAIN, upstream(FEATURES, "features")),
        computed(BASELINE, upstream(FEATURES, "features")),
        computed(EVALUATE, upstream(FEATURES, "features")));
    assertAllReused(project);
  }

  @Test
  @DisplayName("4. a helper called by a record's compact constructor edited: the stage building "
      + "the record and its dependents recompute")
  void editedHelperOfARecordConstructorRecomputesTheStageBuildingIt(@TempDir Path folder)
      throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    project.edit(HOUSE, "public record House(double area, int rooms, double price) {}",
        "public record House(double area, int rooms, double price) {\n"
            + "  public House {\n"
            + "    area = Units.squareMetres(area);\n"
            + "  }\n"
            + "}");
    project.create("src/com/example/houses/Units.java", """
        package com.example.houses;

        final class Units {
          private Units() {}

          static double squareMetres(double area) {
            return area;
          }
        }
        """);
    project.compile(jdk());
    firstRun(project);

    project.edit("src/com/example/houses/Units.java", "    return area;",
        "    return Math.round(area / 5) * 5.0;");
    project.compile(jdk());

    assertLoadAndEverythingAfterItRecomputed(project, CODE_CHANGED);
  }

  @Test
  @DisplayName("4. a method of another class reached through an interface edited: the stage "
      + "calling it and its dependents recompute")
  void editedImplementationOfAnInterfaceRecomputesTheStageCallingIt(@TempDir Path folder)
      throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    project.create("src/com/example/houses/Loss.java", """
        package com.example.houses;

        /** How a prediction error is penalized: its derivative drives training. */
        interface Loss {
          double gradient(double error);
        }
        """);
    project.create("src/com/example/houses/SquaredLoss.java", """
        package com.example.houses;

        final class SquaredLoss implements Loss {
          @Override
          public double gradient(double error) {
            return error;
          }
        }
        """);
    project.edit(PIPELINE, "    double[] weights = initialWeights(x[0].length);\n",
        "    double[] weights = initialWeights(x[0].length);\n"
            + "    Loss loss = new SquaredLoss();\n");
    project.edit(PIPELINE, "double error = Model.predict(weights, x[i]) - y[i];",
        "double error = loss.gradient(Model.predict(weights, x[i]) - y[i]);");
    project.compile(jdk());
    firstRun(project);

    // clip the gradient: a different model
    project.edit("src/com/example/houses/SquaredLoss.java", "    return error;",
        "    return Math.max(-50, Math.min(50, error));");
    project.compile(jdk());

    run(project).assertExactly(
        fromDisk(LOAD),
        fromDisk(FEATURES),
        computed(TRAIN, CODE_CHANGED),
        fromDisk(BASELINE),
        computed(EVALUATE, upstream(TRAIN, "model")));
    assertAllReused(project);
  }

  @Test
  @DisplayName("1. nothing changed, a stage reads a Set.of field: nothing recomputes")
  void stageReadingASetOfFieldIsReusedByTheNextJvm(@TempDir Path folder) throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    project.edit(PIPELINE, "  private final double minPrice = 50_000;\n",
        "  private final double minPrice = 50_000;\n"
            + "  /** What a blank line may hold. */\n"
            + "  private final java.util.Set<String> blank = java.util.Set.of(\"\", \"-\", \"NA\", \"?\");\n");
    project.edit(PIPELINE, "if (trimmed.isEmpty() || isHeader(trimmed))",
        "if (blank.contains(trimmed) || isHeader(trimmed))");
    project.compile(jdk());
    firstRun(project);

    assertAllReused(project);
    assertAllReused(project);
  }

  @Test
  @DisplayName("1. nothing changed, a stage reads a field holding a serializable lambda: nothing "
      + "recomputes")
  void stageReadingASerializableLambdaFieldIsReusedByTheNextJvm(@TempDir Path folder)
      throws Exception {
    PipelineProject project = compiled.copyTo(folder);
    project.edit(PIPELINE, "  private final double minPrice = 50_000;\n",
        "  private final double minPrice = 50_000;\n"
            + "  private final java.util.function.DoubleUnaryOperator priceUnit =\n"
            + "      (java.util.function.DoubleUnaryOperator & java.io.Serializable) "
            + "price -> price / PRICE_UNIT;\n");
    project.edit(PIPELINE, "y[i] = house.price() / PRICE_UNIT;",
        "y[i] = priceUnit.applyAsDouble(house.price());");
    project.compile(jdk());
    firstRun(project);

    assertAllReused(project);
  }

  private static List<String> housesLines(RunRecord run) {
    return run.output().lines().filter(line -> line.startsWith("houses: ")).toList();
  }
}
