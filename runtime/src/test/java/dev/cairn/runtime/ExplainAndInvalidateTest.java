package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which stages recompute, and the reason recorded, when one input changes between runs. Each
 * "run" is a fresh Cairn on the same store; descriptors play the part of recompiled code.
 */
class ExplainAndInvalidateTest {
  @TempDir Path dir;

  /** load(csv) -> scale(data) [reads field 'factor'] -> total(scaled); all checkpointed. */
  private final class Run {
    final Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    String loadCode = "load-1";
    String scaleCode = "scale-1";
    String scaleVersion = "";
    int factor = 2;
    boolean scaleRounds = false;

    Map<String, StageCallRecord> run(Path csv) {
      StageDescriptor load = StageDescriptor.builder("load").codeFingerprint(loadCode)
          .checkpoint(true).parameter("csv").build();
      StageDescriptor scale = StageDescriptor.builder("scale").codeFingerprint(scaleCode)
          .version(scaleVersion).checkpoint(true).parameter("data").field("epochs").build();
      StageDescriptor total = StageDescriptor.builder("total").codeFingerprint("total-1")
          .checkpoint(true).parameter("scaled").build();
      pipeline.epochs = factor;
      try (Cairn cairn = open(dir)) {
        List<Integer> data = call(cairn, pipeline, load, () -> read(csv), csv);
        List<Integer> scaled = call(cairn, pipeline, scale,
            () -> data.stream().map(x -> scaleRounds ? (x * pipeline.epochs / 1) : x * pipeline.epochs).toList(), data);
        call(cairn, pipeline, total, () -> scaled.stream().mapToInt(Integer::intValue).sum(), scaled);
        return cairn.lastRun().calls().stream()
            .collect(Collectors.toMap(StageCallRecord::stage, Function.identity()));
      }
    }
  }

  private static List<Integer> read(Path csv) {
    try {
      return Files.readAllLines(csv).stream().map(Integer::parseInt).toList();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private Path csv(String... lines) throws IOException {
    Path csv = dir.resolve("input.csv");
    Files.write(csv, List.of(lines));
    Files.setLastModifiedTime(csv, FileTime.from(Instant.now().plusSeconds(lines.length)));
    return csv;
  }

  private static void assertComputed(Map<String, StageCallRecord> calls, String stage, String reason) {
    assertEquals(Outcome.COMPUTED, calls.get(stage).outcome(), stage);
    assertTrue(calls.get(stage).reason().contains(reason),
        stage + ": expected reason containing '" + reason + "' but was '" + calls.get(stage).reason() + "'");
  }

  private static void assertReused(Map<String, StageCallRecord> calls, String... stages) {
    for (String stage : stages) {
      assertTrue(calls.get(stage).outcome().reused(), stage + " was " + calls.get(stage));
    }
  }

  @Test
  void unchangedRerunComputesNothing() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    Map<String, StageCallRecord> first = r.run(csv);
    assertComputed(first, "load", "first run of this stage");
    assertReused(r.run(csv), "load", "scale", "total");
  }

  @Test
  void missAfterAnUpgradeThatChangedHowKeysAreMadeSaysSo() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    r.run(csv);
    // What an earlier Cairn recorded: the same components, without the key format.
    Path record = dir.resolve("explain").resolve(CheckpointNames.lastInputs("load").substring("explain/".length()));
    String text = Files.readString(record);
    assertTrue(text.contains("keyFormat=" + KeyBuilder.FORMAT), text);
    Files.writeString(record, text.replaceAll("(?m)^keyFormat=.*\n", ""));
    // ... and no checkpoint under the keys made now.
    try (Cairn cairn = open(dir)) {
      cairn.invalidate("load");
    }
    assertComputed(r.run(csv), "load", "keys are made differently since the Cairn version");
  }

  @Test
  void codeChangeRecomputesTheStageAndWhatItsResultChanges() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    r.run(csv);
    r.scaleCode = "scale-2";
    Map<String, StageCallRecord> calls = r.run(csv);
    assertReused(calls, "load");
    assertComputed(calls, "scale", "code changed");
    assertReused(calls, "total"); // scale's output is identical: early cutoff
  }

  @Test
  void fileContentChangeRecomputesTheReaderAndItsDependents() throws IOException {
    Run r = new Run();
    r.run(csv("1", "2"));
    Map<String, StageCallRecord> calls = r.run(csv("1", "3", "5"));
    assertComputed(calls, "load", "file " + dir.resolve("input.csv") + " changed (argument 'csv')");
    assertComputed(calls, "scale", "upstream load changed (argument 'data')");
    assertComputed(calls, "total", "upstream scale changed (argument 'scaled')");
  }

  @Test
  void fieldChangeRecomputesOnlyTheStageThatReadsIt() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    r.run(csv);
    r.factor = 3;
    Map<String, StageCallRecord> calls = r.run(csv);
    assertReused(calls, "load");
    assertComputed(calls, "scale", "field 'epochs' changed");
    assertComputed(calls, "total", "upstream scale changed");
  }

  @Test
  void versionBumpRecomputesTheStageAndItsDirectDependents() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    r.run(csv);
    r.scaleVersion = "2";
    Map<String, StageCallRecord> calls = r.run(csv);
    assertReused(calls, "load");
    assertComputed(calls, "scale", "version bumped (none -> '2')");
    assertComputed(calls, "total", "upstream scale changed");
  }

  @Test
  void invalidatedStageRecomputesWithItsDependents() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    r.run(csv);
    try (Cairn cairn = open(dir)) {
      assertEquals(1, cairn.invalidate("scale"));
    }
    Map<String, StageCallRecord> calls = r.run(csv);
    assertReused(calls, "load");
    assertComputed(calls, "scale", "invalidated");
    assertComputed(calls, "total", "upstream scale changed");
    assertReused(r.run(csv), "load", "scale", "total");
  }

  @Test
  void invalidatingOneKeyRecomputesThatCallAndItsDependents() throws IOException {
    Run r = new Run();
    Path csv = csv("1", "2");
    Map<String, StageCallRecord> first = r.run(csv);
    try (Cairn cairn = open(dir)) {
      assertTrue(cairn.invalidate("scale", first.get("scale").key()));
    }
    Map<String, StageCallRecord> calls = r.run(csv);
    assertReused(calls, "load");
    assertComputed(calls, "scale", "invalidated (this key)");
    assertComputed(calls, "total", "upstream scale changed");
    assertReused(r.run(csv), "load", "scale", "total");
  }

  @Test
  void nestedStageChangeIsNotHiddenBehindTheOuterKey() throws IOException {
    Path csv = csv("4", "5");
    Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    List<String> innerCodes = List.of("inner-1", "inner-1", "inner-2");
    for (int run = 0; run < innerCodes.size(); run++) {
      StageDescriptor inner = StageDescriptor.builder("inner").codeFingerprint(innerCodes.get(run))
          .checkpoint(true).parameter("csv").build();
      StageDescriptor outer = StageDescriptor.builder("outer").codeFingerprint("outer-1")
          .checkpoint(true).parameter("csv").build();
      try (Cairn cairn = open(dir)) {
        int sum = call(cairn, pipeline, outer, () -> call(cairn, pipeline, inner, () -> read(csv), csv)
            .stream().mapToInt(Integer::intValue).sum(), csv);
        assertEquals(9, sum);
        Map<String, StageCallRecord> calls = cairn.lastRun().calls().stream()
            .collect(Collectors.toMap(StageCallRecord::stage, Function.identity()));
        if (run == 0) {
          assertComputed(calls, "outer", "first run");
          assertComputed(calls, "inner", "first run");
        } else if (run == 1) {
          assertReused(calls, "outer");
          assertEquals(1, calls.size(), "the reused outer stage does not call inner");
        } else {
          assertComputed(calls, "outer", "nested stage inner: code changed");
          assertComputed(calls, "inner", "code changed");
        }
      }
    }
  }
}
