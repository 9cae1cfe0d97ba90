package dev.cairn.runtime;

import static dev.cairn.runtime.Stages.call;
import static dev.cairn.runtime.Stages.checkpointed;
import static dev.cairn.runtime.Stages.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.runtime.internal.StageDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** A damaged checkpoint is detected, set aside with a warning, and recomputed; never returned. */
class CheckpointRecoveryTest {
  @TempDir Path dir;

  static Stream<Arguments> damages() {
    return Stream.of(
        Arguments.of("bit flip in the payload", (UnaryOperator<byte[]>) b -> flip(b, b.length - 10)),
        Arguments.of("bit flip in the metadata", (UnaryOperator<byte[]>) b -> flip(b, b.length - 20)),
        Arguments.of("bit flip in the trailer's lengths", (UnaryOperator<byte[]>) b -> flip(b, b.length - 6)),
        Arguments.of("bit flip in the magic", (UnaryOperator<byte[]>) b -> flip(b, 1)),
        Arguments.of("truncated by one byte", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length - 1)),
        Arguments.of("truncated to half", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length / 2)),
        Arguments.of("zero length", (UnaryOperator<byte[]>) b -> new byte[0]),
        Arguments.of("extended", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length + 3)),
        Arguments.of("header from a future format version",
            (UnaryOperator<byte[]>) b -> withVersion(b, CheckpointFile.FORMAT_VERSION + 1)),
        Arguments.of("header from the previous format version (1: lists of records not columnar)",
            (UnaryOperator<byte[]>) b -> withVersion(b, 1)),
        Arguments.of("random bytes", (UnaryOperator<byte[]>) b -> {
          byte[] r = new byte[b.length];
          new Random(7).nextBytes(r);
          return r;
        }));
  }

  /** The same file, claiming another format version with a valid checksum. */
  private static byte[] withVersion(byte[] bytes, int version) {
    byte[] copy = bytes.clone();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(copy);
    b.putShort(8, (short) version);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(copy, 0, copy.length - 4);
    b.putInt(copy.length - 4, (int) crc.getValue());
    return copy;
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x10;
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void damagedCheckpointIsSetAsideAndRecomputed(String damage, UnaryOperator<byte[]> corrupt) throws IOException {
    Stages.Pipeline pipeline = new Stages.Pipeline(1, 1);
    StageDescriptor stage = checkpointed("test.values", "n");
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, stage, () -> values(pipeline, 1000), 1000);
    }
    Path file = onlyCheckpoint();
    Files.write(file, corrupt.apply(Files.readAllBytes(file)));

    try (Cairn cairn = open(dir)) {
      List<Integer> result = call(cairn, pipeline, stage, () -> values(pipeline, 1000), 1000);
      assertEquals(values(new Stages.Pipeline(1, 1), 1000), result);
      StageCallRecord record = cairn.lastRun().calls().get(0);
      assertEquals(Outcome.COMPUTED, record.outcome());
      assertTrue(record.reason().startsWith("checkpoint was unusable"), record.reason());
    }
    assertEquals(2, pipeline.runs.get());
    try (Stream<Path> aside = Files.walk(dir.resolve("quarantine"))) {
      assertEquals(1, aside.filter(Files::isRegularFile).count(), "the damaged file is kept aside");
    }
    try (Cairn cairn = open(dir)) {
      call(cairn, pipeline, stage, () -> values(pipeline, 1000), 1000);
      assertEquals(Outcome.DISK, cairn.lastRun().calls().get(0).outcome(), "the recomputed one is valid");
    }
    Reliability.record("corrupt checkpoint: " + damage, 1, 0);
  }

  private static List<Integer> values(Stages.Pipeline pipeline, int n) {
    pipeline.runs.incrementAndGet();
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private Path onlyCheckpoint() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("checkpoints"))) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".ckpt")).toList();
      assertEquals(1, all.size());
      return all.get(0);
    }
  }
}
