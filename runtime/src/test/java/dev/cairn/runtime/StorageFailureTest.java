package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store fails under a running pipeline; a stage fails inside one. */
class StorageFailureTest {
  @TempDir Path dir;

  /** A store whose writes fail like a full disk, once {@code failing} is set. */
  static final class FullDisk extends LeaseStore {
    volatile boolean failing;

    FullDisk(Path dir) {
      super(dir);
    }

    private void failIfFull() throws IOException {
      if (failing) {
        throw new IOException("No space left on device");
      }
    }

    @Override
    public boolean putIfAbsent(String name, Content content) throws IOException {
      failIfFull();
      return super.putIfAbsent(name, content);
    }

    @Override
    public boolean putIfAbsent(String name, Content content, Durability durability) throws IOException {
      failIfFull();
      return super.putIfAbsent(name, content, durability);
    }

    @Override
    public void put(String name, Content content) throws IOException {
      failIfFull();
      super.put(name, content);
    }

    @Override
    public void put(String name, Content content, Durability durability) throws IOException {
      failIfFull();
      super.put(name, content, durability);
    }

    @Override
    public String describe() {
      return "full disk at " + super.describe();
    }
  }

  private final Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
  private final StageDescriptor first = checkpointed("fail.first");
  private final StageDescriptor second = checkpointed("fail.second");

  @Test
  void failedWriteStillReturnsTheResultAndKeepsEarlierCheckpoints() {
    FullDisk store = new FullDisk(dir);
    try (Cairn cairn = Cairn.builder().store(store).summaryTo(null).build()) {
      assertEquals("one", call(cairn, pipeline, first, () -> "one"));
      store.failing = true;
      assertEquals("two", call(cairn, pipeline, second, () -> "two"));
      assertEquals(0, cairn.lastRun().calls().get(1).bytesWritten());
    }
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, first, () -> "never");
      call(cairn, pipeline, second, () -> "two again");
      assertEquals(List.of(Outcome.DISK, Outcome.COMPUTED),
          cairn.lastRun().calls().stream().map(StageCallRecord::outcome).toList());
    }
    Reliability.record("write fails (disk full): result returned, earlier checkpoints kept", 1, 0);
  }

  @Test
  void failFastOptionStopsTheRunOnAFailedWrite() {
    FullDisk store = new FullDisk(dir);
    store.failing = true;
    try (Cairn cairn = Cairn.builder().store(store).summaryTo(null).failOnStoreErrors(true).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> call(cairn, pipeline, first, () -> "one"));
      assertTrue(e.getMessage().contains("fail.first"), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }
  }

  @Test
  void failingStageIsRecordedWithInputsAndStackTraceAndEarlierStagesStay() throws IOException {
    StageDescriptor failing = Stages.stage("fail.boom").checkpoint(true).parameter("x").build();
    IllegalArgumentException boom = new IllegalArgumentException("bad row 17");
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, first, () -> "one");
      assertSame(boom, assertThrows(IllegalArgumentException.class,
          () -> call(cairn, pipeline, failing, () -> {
            throw boom;
          }, 42)));
      StageCallRecord record = cairn.lastRun().calls().get(1);
      assertEquals(Outcome.FAILED, record.outcome());
      assertTrue(record.reason().contains("bad row 17"), record.reason());
    }
    Path report;
    try (Stream<Path> files = Files.walk(dir.resolve("failures"))) {
      report = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    String text = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(text.contains("stage=fail.boom"), text);
    assertTrue(text.contains("input.arg.x="), text);
    assertTrue(text.contains("at dev.cairn.runtime.StorageFailureTest"), "stack trace: " + text);
    try (Cairn cairn = Stages.open(dir)) {
      call(cairn, pipeline, first, () -> "never");
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
      assertEquals("fixed", call(cairn, pipeline, failing, () -> "fixed", 42));
      assertEquals(Outcome.COMPUTED, cairn.lastRun().calls().get(1).outcome());
    }
    Reliability.record("stage throws: recorded, earlier checkpoints kept, rerun starts there", 1, 0);
  }
}
