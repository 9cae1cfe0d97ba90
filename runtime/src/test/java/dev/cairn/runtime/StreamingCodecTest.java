package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value serialized into a sink piece by piece ({@link Codec#serialize(Object, Codec.Sink)}, how
 * large checkpoints are written) gives exactly the bytes of the same value serialized into
 * memory: the file, the identity passed downstream and the keys must not depend on which way a
 * result took.
 */
class StreamingCodecTest {
  private final Codec codec = new Codec();

  record Row(long id, float x, float y, int label, boolean flag, String tag) {}

  /** Components whose values take their fixed width (no shorter varint), in columns over a megabyte. */
  record Wide(long hash, int code, double weight) {}

  record Holder(String name, float[] weights, List<Row> rows, Map<String, double[]> extras) {}

  static Stream<Arguments> values() {
    float[] floats = new float[3 * (1 << 20) / 4 * 4 + 7]; // several slices and a ragged end
    for (int i = 0; i < floats.length; i++) {
      floats[i] = i * 0.5f;
    }
    long[] longs = new long[400_000];
    Arrays.setAll(longs, i -> i * 1_000_003L);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      rows.add(new Row(i, i * 0.25f, -i, i % 10, i % 3 == 0, i % 1000 == 0 ? "t" + i : null));
    }
    List<Wide> wide = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      wide.add(new Wide(i * 0x9E3779B97F4A7C15L, i * 0x9E3779B1, i * 0.1));
    }
    Map<String, double[]> extras = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      double[] d = new double[10_000 + i];
      Arrays.fill(d, i);
      extras.put("k" + i, d);
    }
    StringBuilder longText = new StringBuilder();
    for (int i = 0; i < 300_000; i++) {
      longText.append((char) ('a' + i % 26));
    }
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("a small string", "hello"),
        Arguments.of("float[] of 12 MB", floats),
        Arguments.of("long[]", longs),
        Arguments.of("int[] and double[] in a list", List.of(new int[500_000], new double[300_000])),
        Arguments.of("300k records (columns of megabytes)", rows),
        Arguments.of("300k records of fixed-width columns, each over a slice", wide),
        Arguments.of("a graph of records, arrays and maps",
            new Holder("h", floats, new ArrayList<>(rows.subList(0, 50_000)), extras)),
        Arguments.of("strings longer than a slice", List.of(longText.toString().repeat(5), "x")));
  }

  private static byte[] streamed(Codec codec, Object value, int[] pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.serialize(value, bytes -> {
      assertTrue(bytes.remaining() > 0, "no empty pieces");
      pieces[0]++;
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      out.write(copy, 0, copy.length);
    });
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void streamedBytesEqualTheBytesSerializedInMemory(String name, Object value) {
    byte[] inMemory = codec.serialize(value);
    int[] pieces = {0};
    byte[] streamed = streamed(codec, value, pieces);
    assertArrayEquals(inMemory, streamed);
    if (inMemory.length > 2 * Codec.BulkOutput.SLICE) {
      assertTrue(pieces[0] > 1, "a large value arrives in pieces, not whole: " + pieces[0]);
    }
    assertEquals(StoredResult.identityOf(codec, value, "v2"),
        new StoredResult(inMemory, 0, inMemory.length, java.nio.ByteOrder.nativeOrder(), 0, "s",
            "v2", List.of()).identity(),
        "the identity computed by streaming into the digest equals the one of the bytes");
    assertArrayEquals(inMemory, codec.serialize(codec.deserialize(streamed)),
        "the streamed bytes read back as the same value");
  }

  @Test
  void serializeUpToRefusesPastTheLimitAndIsExactBelowIt() {
    float[] floats = new float[1 << 20]; // 4 MiB of bulk bytes
    assertNull(codec.serializeUpTo(floats, 1 << 20), "refused before copying");
    Codec.Serialized fits = codec.serializeUpTo(floats, 8 << 20);
    assertNotNull(fits);
    assertArrayEquals(codec.serialize(floats), Arrays.copyOf(fits.buffer(), fits.length()));

    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      many.add("value-" + i);
    }
    assertNull(codec.serializeUpTo(many, 1 << 20), "a graph is refused once it has written the limit");
    Codec.Serialized all = codec.serializeUpTo(many, 8 << 20);
    assertArrayEquals(codec.serialize(many), Arrays.copyOf(all.buffer(), all.length()));
  }

  @Test
  void likelyMinimumSizeIsALowerBoundForArraysAndRecordLists() {
    assertEquals(4_000, codec.likelyMinimumSize(new float[1_000]));
    assertEquals(8_000, codec.likelyMinimumSize(new long[1_000]));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(new Row(i, i, i, i, true, "tag"));
    }
    // long, float, float, int, boolean, String: 1 + 4 + 4 + 1 + 1/8 + 1 bytes per row at least
    long bound = codec.likelyMinimumSize(rows);
    assertEquals(10_000L * (8 + 32 + 32 + 8 + 1 + 8) / 8, bound);
    assertTrue(bound <= codec.serialize(rows).length);
    assertTrue(bound <= codec.serialize(rows.toArray(new Row[0])).length);
    assertEquals(0, codec.likelyMinimumSize(List.of("not", "records")));
    assertEquals(0, codec.likelyMinimumSize(Map.of()));
    assertEquals(0, codec.likelyMinimumSize(null));
  }
}
