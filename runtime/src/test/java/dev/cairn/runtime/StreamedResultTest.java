package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoSerializable;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpointed results larger than {@link StageEngine#STREAM_FROM} (64 KiB) are written to the
 * store while they are serialized, with no copy in memory; the memory tier takes them when they are
 * first read back. Smaller ones, and results of stages without {@code @Checkpoint}, are kept in
 * memory as they are computed.
 */
class StreamedResultTest {
  @TempDir Path dir;

  private final Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
  private final StageDescriptor big = checkpointed("stream.big", "n");
  private final StageDescriptor sum = checkpointed("stream.sum", "data");

  private static final long MEMORY = 32 << 20;

  private static Cairn open(Path dir) {
    return Cairn.builder().directory(dir).memoryBytes(MEMORY).summaryTo(null).build();
  }

  private static Cairn open(CheckpointStore store) {
    return Cairn.builder().store(store).memoryBytes(MEMORY).summaryTo(null).build();
  }

  @Test
  void aResultUpToTheThresholdIsKeptInMemoryAsItIsSaved() {
    try (Cairn cairn = open(dir)) {
      float[] small = new float[15_000]; // 60,000 bytes
      call(cairn, pipeline, big, () -> small, 0);
      call(cairn, pipeline, big, () -> small, 0);
      assertEquals(List.of(Outcome.COMPUTED, Outcome.MEMORY), outcomes(cairn));
    }
  }

  @Test
  void aLargerResultIsKeptInMemoryOnceReadBackAndCallersMutatingItChangeNothing() {
    try (Cairn cairn = open(dir)) {
      float[] computed = call(cairn, pipeline, big, () -> new float[(3 << 20) / 4], 0); // 3 MiB
      computed[0] = 42; // the caller's own object: it was never copied, and nothing holds it
      float[] fromDisk = call(cairn, pipeline, big, () -> new float[1], 0);
      fromDisk[1] = 43;
      float[] fromMemory = call(cairn, pipeline, big, () -> new float[1], 0);
      assertEquals(List.of(Outcome.COMPUTED, Outcome.DISK, Outcome.MEMORY), outcomes(cairn),
          "the first repeat reads the checkpoint and keeps it in memory for the next");
      assertEquals(3 << 18, fromMemory.length);
      assertEquals(0, fromDisk[0]);
      assertEquals(0, fromMemory[0]);
      assertEquals(0, fromMemory[1]);
    }
  }

  @Test
  void aLargeResultOfAStageWithoutCheckpointIsKeptInMemoryAsItIsComputed() {
    StageDescriptor memoized = Stages.memoized("stream.memoized", "n");
    try (Cairn cairn = open(dir)) {
      float[] computed = call(cairn, pipeline, memoized, () -> new float[(3 << 20) / 4], 0);
      computed[0] = 42;
      float[] again = call(cairn, pipeline, memoized, () -> new float[1], 0);
      assertEquals(List.of(Outcome.COMPUTED, Outcome.MEMORY), outcomes(cairn));
      assertEquals(0, again[0], "the memory tier holds the bytes as computed");
    }
  }

  /** 12 MB of floats: past the streaming threshold. */
  private float[] bigArray(int seed) {
    pipeline.runs.incrementAndGet();
    float[] data = new float[3 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = seed + i * 0.5f;
    }
    return data;
  }

  private static double total(float[] data) {
    double t = 0;
    for (float f : data) {
      t += f;
    }
    return t;
  }

  private List<Path> files(String folder) throws IOException {
    Path root = dir.resolve(folder);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aLargeResultIsWrittenWhileSerializedAndReadBackFromTheStore() throws IOException {
    float[] first;
    try (Cairn cairn = open(dir)) {
      first = call(cairn, pipeline, big, () -> bigArray(1), 1);
      StageCallRecord computed = cairn.lastRun().calls().get(0);
      assertEquals(Outcome.COMPUTED, computed.outcome());
      assertTrue(computed.bytesWritten() > 12L << 20, "bytes written: " + computed.bytesWritten());
      assertEquals(computed.bytesWritten(), Files.size(files("checkpoints").get(0)));

      float[] again = call(cairn, pipeline, big, () -> bigArray(1), 1);
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(1).outcome(),
          "a streamed result is not in the memory tier; the second call reads the checkpoint");
      assertArrayEquals(first, again);
    }
    try (Cairn cairn = open(dir)) {
      assertArrayEquals(first, call(cairn, pipeline, big, () -> bigArray(1), 1));
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome());
    }
    assertEquals(1, pipeline.runs.get());
  }

  @Test
  void aStreamedResultKeysItsDependentsAsTheSameResultReadFromDiskDoes() {
    try (Cairn cairn = open(dir)) {
      float[] data = call(cairn, pipeline, big, () -> bigArray(2), 2);
      call(cairn, pipeline, sum, () -> total(data), data);
      assertEquals(List.of(Outcome.COMPUTED, Outcome.COMPUTED), outcomes(cairn));
    }
    try (Cairn cairn = open(dir)) {
      float[] data = call(cairn, pipeline, big, () -> bigArray(2), 2);
      call(cairn, pipeline, sum, () -> total(data), data);
      assertEquals(List.of(Outcome.DISK, Outcome.DISK), outcomes(cairn),
          "the identity of a streamed result (streamed into the digest) equals its payload's hash");
    }
  }

  private static List<Outcome> outcomes(Cairn cairn) {
    return cairn.lastRun().calls().stream().map(StageCallRecord::outcome).toList();
  }

  /** Refuses to be serialized, after megabytes of other columns were streamed. */
  static final class Unserializable implements KryoSerializable {
    @Override
    public void write(Kryo kryo, Output output) {
      throw new IllegalStateException("this object holds an open socket");
    }

    @Override
    public void read(Kryo kryo, Input input) {}
  }

  record Row(float a, float b, float c, Object extra) {}

  @Test
  void aResultThatFailsToSerializeMidStreamIsReturnedAndLeavesNoFile() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 800_000; i++) {
      rows.add(new Row(i, i, i, i == 799_999 ? new Unserializable() : "ok"));
    }
    StageDescriptor stage = checkpointed("stream.rows");
    try (Cairn cairn = open(dir)) {
      assertSame(rows, call(cairn, pipeline, stage, () -> rows));
      StageCallRecord record = cairn.lastRun().calls().get(0);
      assertEquals(Outcome.COMPUTED, record.outcome());
      assertTrue(record.reason().endsWith("not stored: result not serializable"), record.reason());
      assertEquals(0, record.bytesWritten());
    }
    assertEquals(List.of(), files("checkpoints"), "neither a checkpoint nor a temporary file");
    Reliability.record("large result fails to serialize mid-stream: returned, no file left", 1, 0);
  }

  /** Writes fail once {@code failAfter} bytes of an object went to its channel. */
  static final class FailingWrites extends LeaseStore {
    final long failAfter;

    FailingWrites(Path dir, long failAfter) {
      super(dir);
      this.failAfter = failAfter;
    }

    @Override
    public boolean putIfAbsent(String name, Content content) throws IOException {
      return super.putIfAbsent(name, channel -> content.writeTo(failing(channel, failAfter)));
    }

    @Override
    public void put(String name, Content content) throws IOException { // under the call's lock
      super.put(name, channel -> content.writeTo(failing(channel, failAfter)));
    }
  }

  static WritableByteChannel failing(WritableByteChannel channel, long failAfter) {
    return new WritableByteChannel() {
      long written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written + src.remaining() > failAfter) {
          throw new IOException("No space left on device");
        }
        int n = channel.write(src);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return channel.isOpen();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Test
  void aStoreFailureMidStreamReturnsTheResultAndTheNextRunComputesIt() throws IOException {
    FailingWrites store = new FailingWrites(dir, 5 << 20);
    float[] data;
    try (Cairn cairn = open(store)) {
      data = call(cairn, pipeline, big, () -> bigArray(3), 3);
      assertEquals(0, cairn.lastRun().calls().get(0).bytesWritten());
    }
    assertEquals(List.of(), files("checkpoints"), "nothing visible, no temporary file left");
    try (Cairn cairn = open(dir)) {
      assertArrayEquals(data, call(cairn, pipeline, big, () -> bigArray(3), 3));
      assertEquals(Outcome.COMPUTED, cairn.lastRun().calls().get(0).outcome());
    }
    Reliability.record("store fails mid-stream (disk full): result returned, no file left", 1, 0);
  }

  /** A store that retries a failed write, as an object store's client does: the content twice. */
  static final class RetryingStore extends LeaseStore {
    RetryingStore(Path dir) {
      super(dir);
    }

    @Override
    public boolean putIfAbsent(String name, Content content) throws IOException {
      writeUntilItFails(content);
      return super.putIfAbsent(name, content);
    }

    @Override
    public void put(String name, Content content) throws IOException { // under the call's lock
      writeUntilItFails(content);
      super.put(name, content);
    }

    private static void writeUntilItFails(Content content) {
      try {
        content.writeTo(failing(new CheckpointFileTest.Recording(), 3 << 20));
      } catch (IOException firstAttempt) {
        // retried by the caller, from the first byte
      }
    }
  }

  @Test
  void aRetriedWriteOfAStreamedResultSerializesItAgainFromTheStart() {
    float[] data;
    try (Cairn cairn = open(new RetryingStore(dir))) {
      data = call(cairn, pipeline, big, () -> bigArray(4), 4);
      assertTrue(cairn.lastRun().calls().get(0).bytesWritten() > 12L << 20);
    }
    try (Cairn cairn = open(dir)) {
      assertArrayEquals(data, call(cairn, pipeline, big, () -> bigArray(4), 4));
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome(), "the retried file is whole");
    }
    Reliability.record("store retries a streamed write: serialized again, file whole", 1, 0);
  }

  @Test
  void threadsWaitingForAStreamedResultReadItFromTheStore() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try (Cairn cairn = open(dir)) {
      List<Future<float[]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          start.await();
          return call(cairn, pipeline, big, () -> {
            Thread.sleep(200); // so that the others wait for this call
            return bigArray(5);
          }, 5);
        }));
      }
      start.countDown();
      float[] expected = null;
      for (Future<float[]> result : results) {
        float[] value = result.get(60, TimeUnit.SECONDS);
        if (expected == null) {
          expected = value;
        }
        assertArrayEquals(expected, value);
      }
      assertEquals(1, pipeline.runs.get(), "computed once");
      assertEquals(4, cairn.lastRun().calls().size());
    } finally {
      pool.shutdownNow();
    }
  }
}
