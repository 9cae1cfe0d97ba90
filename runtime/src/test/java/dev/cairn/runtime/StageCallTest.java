package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static dev.cairn.runtime.Stages.memoized;
import static dev.cairn.runtime.Stages.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCallTest {
  @TempDir Path dir;

  private final Stages.Pipeline pipeline = new Stages.Pipeline(3, 0.1);
  private final StageDescriptor square = checkpointed("test.square", "x");

  private int square(int x) {
    pipeline.runs.incrementAndGet();
    return x * x;
  }

  @Test
  void checkpointedResultIsReusedByALaterCairnOnTheSameStore() {
    try (Cairn cairn = open(dir)) {
      assertEquals(49, (int) call(cairn, pipeline, square, () -> square(7), 7));
      assertEquals(Outcome.COMPUTED, cairn.lastRun().calls().get(0).outcome());
      assertTrue(cairn.lastRun().calls().get(0).bytesWritten() > 0);
    }
    try (Cairn cairn = open(dir)) {
      assertEquals(49, (int) call(cairn, pipeline, square, () -> square(7), 7));
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
      assertEquals(49, (int) call(cairn, pipeline, square, () -> square(7), 7));
      assertEquals(Outcome.MEMORY, cairn.lastRun().calls().get(1).outcome());
    }
    assertEquals(1, pipeline.runs.get());
  }

  enum Split { TRAIN, TEST }

  @Test
  void anEnumMapResultIsReadBackFromItsCheckpoint() throws Exception {
    StageDescriptor counts = checkpointed("test.counts", "n");
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, counts, () -> new EnumMap<>(Map.of(Split.TRAIN, 8, Split.TEST, 2)), 10);
    }
    try (Cairn cairn = open(dir)) {
      EnumMap<Split, Integer> back = call(cairn, pipeline, counts, () -> {
        throw new AssertionError("recomputed");
      }, 10);
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
      assertEquals(Map.of(Split.TRAIN, 8, Split.TEST, 2), back);
      back.put(Split.TEST, 3); // a usable EnumMap
    }
    assertFalse(Files.exists(dir.resolve("quarantine")), "nothing was set aside");
  }

  @Test
  void stageWithoutCheckpointIsMemoizedInMemoryOnly() {
    StageDescriptor memo = memoized("test.memo", "x");
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, memo, () -> square(3), 3);
      call(cairn, pipeline, memo, () -> square(3), 3);
      assertEquals(List.of(Outcome.COMPUTED, Outcome.MEMORY),
          cairn.lastRun().calls().stream().map(StageCallRecord::outcome).toList());
    }
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, memo, () -> square(3), 3);
      assertEquals(Outcome.COMPUTED, cairn.lastRun().calls().get(0).outcome());
    }
    assertEquals(2, pipeline.runs.get());
  }

  @Test
  void mutatingAReturnedResultDoesNotChangeWhatTheNextCallReturns() {
    StageDescriptor stage = checkpointed("test.list");
    try (Cairn cairn = open(dir)) {
      List<Integer> first = call(cairn, pipeline, stage, () -> new ArrayList<>(List.of(1, 2, 3)));
      first.add(99);
      List<Integer> second = call(cairn, pipeline, stage, () -> new ArrayList<>(List.of(7)));
      assertEquals(List.of(1, 2, 3), second);
      second.clear();
      float[] array = call(cairn, pipeline, checkpointed("test.array"), () -> new float[] {1, 2});
      array[0] = -1;
      float[] again = call(cairn, pipeline, checkpointed("test.array"), () -> new float[] {5});
      assertArrayEquals(new float[] {1, 2}, again);
      assertEquals(List.of(1, 2, 3), call(cairn, pipeline, stage, () -> List.of(0)));
    }
  }

  @Test
  void checkedExceptionReachesTheCallerUnchangedAndIsRecorded() {
    StageDescriptor failing = checkpointed("test.failing");
    IOException thrown = new IOException("disk on fire");
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, square, () -> square(2), 2);
      IOException caught = assertThrows(IOException.class,
          () -> Stages.<String>call(cairn, pipeline, failing, () -> {
            throw thrown;
          }));
      assertSame(thrown, caught);
      StageCallRecord record = cairn.lastRun().calls().get(1);
      assertEquals(Outcome.FAILED, record.outcome());
      assertTrue(record.reason().contains("disk on fire"), record.reason());
    }
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, square, () -> square(2), 2);
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome(),
          "a stage that completed before the failure stays checkpointed");
    }
  }

  @Test
  void nestedStageCallsWork() {
    StageDescriptor outer = checkpointed("test.outer", "x");
    try (Cairn cairn = open(dir)) {
      int result = call(cairn, pipeline, outer,
          () -> call(cairn, pipeline, square, () -> square(4), 4) + 1, 4);
      assertEquals(17, result);
      assertEquals(List.of("test.square", "test.outer"),
          cairn.lastRun().calls().stream().map(StageCallRecord::stage).toList());
    }
  }

  @Test
  void stageCallingItselfWithTheSameKeyIsAnErrorNotADeadlock() {
    StageDescriptor loop = checkpointed("test.loop", "x");
    try (Cairn cairn = open(dir)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> call(cairn, pipeline, loop, () -> call(cairn, pipeline, loop, () -> 1, 1), 1));
      assertTrue(e.getMessage().contains("test.loop"), e.getMessage());
    }
  }

  @Test
  void eightThreadsCallingTheSameStageComputeItOnce() throws Exception {
    StageDescriptor slow = checkpointed("test.slow", "x");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try (Cairn cairn = open(dir)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int key = t % 2;
        results.add(pool.submit(() -> {
          start.await();
          return call(cairn, pipeline, slow, () -> {
            Thread.sleep(200);
            return square(key + 10);
          }, key);
        }));
      }
      start.countDown();
      for (int t = 0; t < 8; t++) {
        assertEquals((t % 2 + 10) * (t % 2 + 10), (int) results.get(t).get(30, TimeUnit.SECONDS));
      }
      assertEquals(2, pipeline.runs.get(), "two distinct keys, each computed once");
      assertEquals(2, cairn.lastRun().count(Outcome.COMPUTED));
      assertEquals(6, cairn.lastRun().count(Outcome.MEMORY));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manyThreadsWithNestedCallsAndDistinctKeysAllComplete() throws Exception {
    StageDescriptor outer = checkpointed("test.outer", "x");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Cairn cairn = open(dir)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int x = t;
        results.add(pool.submit(() -> call(cairn, pipeline, outer,
            () -> call(cairn, pipeline, square, () -> square(x % 16), x % 16) + x, x)));
      }
      for (int t = 0; t < 64; t++) {
        assertEquals((t % 16) * (t % 16) + t, (int) results.get(t).get(30, TimeUnit.SECONDS));
      }
      assertEquals(16, pipeline.runs.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unserializableArgumentIsAClearErrorNamingStageAndParameter() {
    StageDescriptor stage = checkpointed("test.withListener", "listener");
    try (Cairn cairn = open(dir)) {
      StageKeyException e = assertThrows(StageKeyException.class,
          () -> call(cairn, pipeline, stage, () -> 1, Thread.currentThread()));
      assertTrue(e.getMessage().contains("test.withListener"), e.getMessage());
      assertTrue(e.getMessage().contains("'listener'"), e.getMessage());
      assertTrue(e.getMessage().contains("@NotKeyed"), e.getMessage());
      assertEquals(0, pipeline.runs.get());
    }
  }

  @Test
  void notKeyedParameterDoesNotChangeTheKey() {
    StageDescriptor stage = Stages.stage("test.notKeyed").checkpoint(true)
        .parameter("x").notKeyedParameter("listener").build();
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, stage, () -> square(5), 5, Thread.currentThread());
      call(cairn, pipeline, stage, () -> square(5), 5, new Object());
      assertEquals(1, pipeline.runs.get());
    }
  }

  record Point(int x, int y) {}

  @Test
  void upstreamResultKeysDownstreamAsItsValueWouldWhetherOrNotItsBytesAreStillInMemory() {
    StageDescriptor make = checkpointed("test.make");
    StageDescriptor use = checkpointed("test.use", "point");
    try (Cairn cairn = Cairn.builder().directory(dir).summaryTo(null).memoryBytes(0).build()) {
      Point made = call(cairn, pipeline, make, () -> new Point(1, 2));
      System.gc(); // no memory tier: the registry's weak reference to the bytes may be cleared
      assertEquals(3, (int) call(cairn, pipeline, use, () -> made.x() + made.y(), made));
      assertEquals(3, (int) call(cairn, pipeline, use, () -> -1, new Point(1, 2)));
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(2).outcome(),
          "an equal value that is not a stage result has the same key");
    }
  }

  @Test
  void voidStageRecordsCompletion() {
    StageDescriptor stage = checkpointed("test.void");
    try (Cairn cairn = open(dir)) {
      Object r = call(cairn, pipeline, stage, () -> {
        pipeline.runs.incrementAndGet();
        return null;
      });
      assertEquals(null, r);
    }
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, stage, () -> {
        pipeline.runs.incrementAndGet();
        return null;
      });
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
    }
    assertEquals(1, pipeline.runs.get());
  }
}
