package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
  @TempDir Path dir;

  @Test
  void closingPrintsTheSummaryAndRecordsTheRun() throws Exception {
    Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    StageDescriptor slow = checkpointed("demo.slow");
    Stages.open(dir).close();
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, slow, () -> {
        Thread.sleep(50);
        return "done";
      });
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Cairn cairn = Cairn.builder().directory(dir)
        .summaryTo(new PrintStream(printed, true, StandardCharsets.UTF_8)).build()) {
      call(cairn, pipeline, slow, () -> "never");
    }
    String summary = printed.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("1 stage calls, 0 computed, 1 reused (0 memory, 1 disk)"), summary);
    assertTrue(summary.contains("demo.slow"), summary);
    assertTrue(summary.contains("disk"), summary);

    List<Path> runs;
    try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
      runs = files.sorted().toList();
    }
    assertEquals(3, runs.size());
    List<String> second = Files.readAllLines(runs.get(1));
    assertEquals(RunRecorder.HEADER, second.get(0));
    String[] computed = second.get(1).split("\t");
    assertEquals("demo.slow", computed[0]);
    assertEquals("COMPUTED", computed[2]);
    assertEquals("no checkpoint for this key (first run of this stage)", computed[3]);
    assertTrue(Long.parseLong(computed[4]) >= 50);
    assertTrue(Long.parseLong(computed[6]) > 0, "bytes written");
    String[] reused = Files.readAllLines(runs.get(2)).get(1).split("\t");
    assertEquals("DISK", reused[2]);
    assertTrue(Long.parseLong(reused[5]) >= 50, "saved time is the recorded compute time");
  }

  @Test
  void aReportIsASnapshotThatLaterCallsDoNotChange() {
    RunRecorder recorder = new RunRecorder();
    List<RunReport> reports = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // past several growths of the recorder's array
      recorder.record(new StageCallRecord("s" + i, "k" + i, Outcome.COMPUTED, "", Duration.ZERO,
          Duration.ZERO, i));
      reports.add(recorder.report());
    }
    for (int n = 0; n < reports.size(); n++) {
      List<StageCallRecord> calls = reports.get(n).calls();
      assertEquals(n + 1, calls.size());
      assertEquals("s0", calls.get(0).stage());
      assertEquals("s" + n, calls.get(n).stage());
      assertEquals(n * (n + 1L) / 2, reports.get(n).bytesWritten());
    }
    List<StageCallRecord> first = reports.get(0).calls();
    assertThrows(IndexOutOfBoundsException.class, () -> first.get(1));
    assertThrows(UnsupportedOperationException.class, () -> first.add(first.get(0)));
    assertEquals(List.copyOf(reports.get(2).calls()), reports.get(2).calls());
  }
}
