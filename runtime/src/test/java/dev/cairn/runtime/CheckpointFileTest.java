package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The checkpoint file format of {@code docs/FORMAT.md}, byte by byte. */
class CheckpointFileTest {
  /** Collects what is written, and where each write started. */
  static final class Recording implements WritableByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<long[]> writes = new ArrayList<>(); // {offset, length}
    long failAfter = Long.MAX_VALUE;

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      if (bytes.size() + (long) n > failAfter) {
        throw new IOException("No space left on device");
      }
      writes.add(new long[] {bytes.size(), n});
      byte[] copy = new byte[n];
      src.get(copy);
      bytes.write(copy, 0, n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("stage", "demo.train");
    metadata.put("note", "two\nlines and a \\ backslash");
    return metadata;
  }

  private static byte[] payload(int n) {
    byte[] payload = new byte[n];
    for (int i = 0; i < n; i++) {
      payload[i] = (byte) (i * 7 + 3);
    }
    return payload;
  }

  @Test
  void version3LaysOutHeaderPayloadMetadataLengthsAndOneChecksum() throws Exception {
    byte[] payload = payload(1000);
    Recording out = new Recording();
    long length = CheckpointFile.write(out, metadata(), payload, payload.length);
    byte[] file = out.bytes.toByteArray();
    assertEquals(file.length, length, "write returns the file's length");
    byte[] meta = CheckpointFile.encodeMetadata(metadata());

    assertEquals(12 + payload.length + meta.length + 16, file.length);
    ByteBuffer b = ByteBuffer.wrap(file);
    assertArrayEquals(new byte[] {(byte) 0x89, 'C', 'A', 'I', 'R', 'N', '\r', '\n'}, Arrays.copyOf(file, 8));
    assertEquals(3, b.getShort(8));
    assertEquals(1, file[10], "codec: Kryo 5");
    assertEquals(ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? 0 : 1, file[11]);
    assertArrayEquals(payload, Arrays.copyOfRange(file, 12, 12 + payload.length));
    assertArrayEquals(meta, Arrays.copyOfRange(file, 12 + payload.length, 12 + payload.length + meta.length));
    assertEquals(meta.length, b.getInt(file.length - 16));
    assertEquals(payload.length, b.getLong(file.length - 12));
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - 4);
    assertEquals((int) crc.getValue(), b.getInt(file.length - 4));

    CheckpointFile.Frame frame = CheckpointFile.read(file);
    assertEquals(metadata(), frame.metadata());
    assertEquals(12, frame.payloadOffset());
    assertEquals(payload.length, frame.payloadLength());
    assertSame(file, frame.file());
  }

  @Test
  void aPayloadWrittenInPiecesGivesTheSameFileAsOneWrittenWhole() throws Exception {
    byte[] payload = payload(3 << 20);
    Recording whole = new Recording();
    CheckpointFile.write(whole, metadata(), payload, payload.length);
    Recording pieces = new Recording();
    CheckpointFile.write(pieces, sink -> {
      for (int offset = 0; offset < payload.length; offset += 100_003) {
        sink.accept(ByteBuffer.wrap(payload, offset, Math.min(100_003, payload.length - offset)));
      }
      return metadata();
    });
    assertArrayEquals(whole.bytes.toByteArray(), pieces.bytes.toByteArray());
  }

  @Test
  void writesStartAndEndAtPageBoundariesOfTheFile() throws Exception {
    // The payload starts 12 bytes into the file, and a bulk array a few bytes into the payload.
    Codec codec = new Codec();
    Recording out = new Recording();
    CheckpointFile.write(out, sink -> {
      codec.serialize(new float[3 << 20], sink);
      return metadata();
    });
    for (int i = 0; i < out.writes.size(); i++) {
      long[] write = out.writes.get(i);
      assertEquals(0, write[0] % 4096, "write " + i + " of " + write[1] + " bytes at offset " + write[0]);
      if (i < out.writes.size() - 1) {
        assertEquals(0, write[1] % 4096, "write " + i + " ends inside a page: " + write[1] + " bytes");
      }
    }
    // 12 MB, staged 4 MB at a time: four writes, the last with the tail and the trailer.
    assertEquals(4, out.writes.size(), "writes: " + out.writes.size());
    CheckpointFile.Frame frame = CheckpointFile.read(out.bytes.toByteArray());
    assertArrayEquals(new float[3 << 20], (float[]) codec.deserialize(frame.file(),
        frame.payloadOffset(), frame.payloadLength(), frame.order()));
  }

  @Test
  void aFrameOfAFewMegabytesIsOneWrite() throws Exception {
    // Each write(2) costs about 10-20 us on a VM; header, payload, metadata and checksum go at once.
    byte[] payload = payload(1 << 20);
    Recording out = new Recording();
    long length = CheckpointFile.write(out, metadata(), payload, payload.length);
    assertEquals(1, out.writes.size(), "writes: " + out.writes.size());
    assertEquals(length, out.writes.get(0)[1]);
    CheckpointFile.Frame frame = CheckpointFile.read(out.bytes.toByteArray());
    assertArrayEquals(payload, Arrays.copyOfRange(frame.file(), frame.payloadOffset(),
        frame.payloadOffset() + frame.payloadLength()));
  }

  @Test
  void aFailingChannelFailsTheWriteEvenIfTheSerializerSwallowedTheError() {
    Recording out = new Recording();
    out.failAfter = 1 << 20;
    byte[] payload = payload(4 << 20);
    IOException failure = assertThrows(IOException.class, () -> CheckpointFile.write(out, sink -> {
      try {
        sink.accept(ByteBuffer.wrap(payload));
      } catch (RuntimeException swallowed) {
        // a careless serializer
      }
      return metadata();
    }));
    assertEquals("No space left on device", failure.getMessage());

    Recording again = new Recording();
    again.failAfter = 1 << 20;
    Codec codec = new Codec();
    assertThrows(IOException.class, () -> CheckpointFile.write(again, sink -> {
      codec.serialize(new float[2 << 20], sink); // Kryo unwinds with the unchecked form
      return metadata();
    }));
  }

  @Test
  void version2FilesAreStillRead() throws Exception {
    byte[] payload = payload(5000);
    byte[] file = version2(metadata(), payload);
    CheckpointFile.Frame frame = CheckpointFile.read(file);
    assertEquals(metadata(), frame.metadata());
    assertArrayEquals(payload, Arrays.copyOfRange(file, frame.payloadOffset(), frame.payloadOffset() + frame.payloadLength()));

    byte[] flipped = file.clone();
    flipped[frame.payloadOffset() + 10] ^= 1;
    CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(flipped));
    assertTrue(e.getMessage().contains("payload checksum"), e.getMessage());
    byte[] truncated = Arrays.copyOf(file, file.length - 1);
    e = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(truncated));
    assertTrue(e.getMessage().contains("truncated or extended"), e.getMessage());
  }

  @Test
  void otherVersionsAreRefusedWithTheVersionsThisCairnReads() {
    byte[] file = version2(metadata(), payload(10));
    ByteBuffer.wrap(file).putShort(8, (short) 9);
    CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> CheckpointFile.read(file));
    assertTrue(e.getMessage().contains("format version 9, this Cairn reads versions 2 and 3 (it was written by a newer Cairn)"),
        e.getMessage());
  }

  /** Format version 2, as {@code docs/FORMAT.md} describes it: metadata before the payload. */
  private static byte[] version2(Map<String, String> metadata, byte[] payload) {
    byte[] meta = CheckpointFile.encodeMetadata(metadata);
    ByteBuffer b = ByteBuffer.allocate(16 + meta.length + 4 + 8 + payload.length + 4);
    b.put(new byte[] {(byte) 0x89, 'C', 'A', 'I', 'R', 'N', '\r', '\n'})
        .putShort((short) 2).put((byte) 1)
        .put((byte) (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? 0 : 1))
        .putInt(meta.length).put(meta);
    CRC32C header = new CRC32C();
    header.update(b.array(), 0, b.position());
    b.putInt((int) header.getValue()).putLong(payload.length).put(payload);
    CRC32C body = new CRC32C();
    body.update(payload);
    b.putInt((int) body.getValue());
    assertEquals(b.capacity(), b.position());
    return b.array();
  }

  @Test
  void metadataSurvivesNewlinesAndBackslashes() throws Exception {
    Map<String, String> odd = Map.of("k", "a\\nb\nc\\");
    String text = new String(CheckpointFile.encodeMetadata(odd), StandardCharsets.UTF_8);
    assertEquals(1, text.split("\n").length, "one line: " + text);
    assertEquals(odd, CheckpointFile.decodeMetadata(text));
  }
}
