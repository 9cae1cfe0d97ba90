package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecTest {
  private final Codec codec = new Codec();

  enum Color { RED, GREEN }

  record Model(String name, float[] weights, int[] labels, double[] bias, long[] ids, Color color) {}

  /** No no-argument constructor, final fields. */
  static final class Point {
    private final int x;
    private final int y;

    Point(int x, int y) {
      this.x = x;
      this.y = y;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point && ((Point) o).x == x && ((Point) o).y == y;
    }

    @Override
    public int hashCode() {
      return 31 * x + y;
    }
  }

  private Object roundTrip(Object value) {
    return codec.deserialize(codec.serialize(value));
  }

  @Test
  void recordsEnumsAndPrimitiveArraysRoundTrip() {
    Model model = new Model("m", new float[] {1.5f, -2f}, new int[] {3, 4}, new double[] {0.25},
        new long[] {Long.MAX_VALUE}, Color.GREEN);
    Model back = (Model) roundTrip(model);
    assertEquals("m", back.name());
    assertArrayEquals(model.weights(), back.weights());
    assertArrayEquals(model.labels(), back.labels());
    assertArrayEquals(model.bias(), back.bias());
    assertArrayEquals(model.ids(), back.ids());
    assertEquals(Color.GREEN, back.color());
  }

  @Test
  void immutableJdkCollectionsAndJavaTimeRoundTrip() {
    Object value = List.of(Map.of("k", Set.of(1, 2)), List.of(),
        Instant.parse("2026-12-04T20:00:00Z"), Duration.ofMillis(1500),
        LocalDateTime.of(2026, 1, 2, 3, 4), ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")));
    assertEquals(value, roundTrip(value));
  }

  @Test
  void classesWithoutNoArgumentConstructorRoundTrip() {
    assertEquals(new Point(3, 4), roundTrip(new Point(3, 4)));
  }

  @Test
  void nullRoundTrips() {
    assertNull(roundTrip(null));
  }

  @Test
  void sharedReferencesStayShared() {
    float[] shared = {1f};
    Object[] pair = (Object[]) roundTrip(new Object[] {shared, shared});
    assertEquals(pair[0], pair[1]);
  }

  @Test
  void bulkArraysWrittenInTheOtherByteOrderAreSwappedOnRead() {
    float[] floats = {1.5f, -3.25f, 1e-7f};
    byte[] native_ = codec.serialize(floats);
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    // Same frame, with the array's bytes written in the other order.
    byte[] foreign = native_.clone();
    int dataStart = native_.length - floats.length * Float.BYTES;
    ByteBuffer.wrap(foreign, dataStart, floats.length * Float.BYTES).order(other).asFloatBuffer().put(floats);
    assertArrayEquals(floats, (float[]) codec.deserialize(foreign, 0, foreign.length, other));
  }

  @Test
  void serializationIsDeterministicForEqualValues() {
    assertArrayEquals(codec.serialize(List.of(1, "a", new float[] {2f})),
        codec.serialize(List.of(1, "a", new float[] {2f})));
  }
}
