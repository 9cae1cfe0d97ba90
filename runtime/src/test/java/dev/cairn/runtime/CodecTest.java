package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.kryo5.KryoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
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
  void unorderedCollectionsRoundTripToTheirKinds() {
    java.util.HashMap<Color, Integer> map = new java.util.HashMap<>(Map.of(Color.RED, 1, Color.GREEN, 2));
    Object value = List.of(map, new java.util.HashSet<>(Set.of("a", "b")), Set.of(1, 2, 3),
        Map.of("x", 1), new java.util.LinkedHashSet<>(List.of("z", "a")),
        new java.util.concurrent.ConcurrentHashMap<>(Map.of("c", 3)));
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) roundTrip(value);
    assertEquals(value, back);
    assertEquals(java.util.HashMap.class, back.get(0).getClass());
    assertEquals(List.of("z", "a"), List.copyOf((java.util.Set<?>) back.get(4)), "insertion order kept");
    assertEquals(java.util.concurrent.ConcurrentHashMap.class, back.get(5).getClass());
  }

  @Test
  void setsWithEqualElementsSerializeIdenticallyWhateverTheirInsertionOrder() {
    java.util.HashSet<String> one = new java.util.HashSet<>(64);
    java.util.HashSet<String> other = new java.util.HashSet<>(4);
    for (String s : List.of("k", "a", "q", "b", "zz")) {
      one.add(s);
    }
    for (String s : List.of("zz", "b", "q", "a", "k")) {
      other.add(s);
    }
    assertArrayEquals(codec.serialize(one), codec.serialize(other));
  }

  @Test
  void serializableLambdaRoundTripsAndPlainLambdaIsRefused() {
    int offset = 5;
    java.util.function.IntUnaryOperator add =
        (java.util.function.IntUnaryOperator & java.io.Serializable) x -> x + offset;
    java.util.function.IntUnaryOperator back = (java.util.function.IntUnaryOperator) roundTrip(add);
    assertEquals(12, back.applyAsInt(7));
    java.util.function.IntUnaryOperator plain = x -> x + offset;
    com.esotericsoftware.kryo.kryo5.KryoException e = org.junit.jupiter.api.Assertions.assertThrows(
        com.esotericsoftware.kryo.kryo5.KryoException.class, () -> codec.serialize(plain));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Serializable"), e.getMessage());
  }

  record Inputs(java.nio.file.Path csv, List<java.nio.file.Path> more) {}

  @Test
  void pathsInsideValuesRoundTripAsTheirText() {
    Inputs inputs = new Inputs(java.nio.file.Path.of("data/a.csv"),
        List.of(java.nio.file.Path.of("/tmp/b.csv"), java.nio.file.Path.of("c")));
    assertEquals(inputs, roundTrip(inputs));
  }

  @Test
  void serializationIsDeterministicForEqualValues() {
    assertArrayEquals(codec.serialize(List.of(1, "a", new float[] {2f})),
        codec.serialize(List.of(1, "a", new float[] {2f})));
  }

  enum Shape {
    ROUND,
    SQUARE { // a constant with a body has a class of its own
      @Override
      public String toString() {
        return "square";
      }
    },
    FLAT
  }

  @Test
  void enumMapsRoundTripAsEnumMapsThatStillTakeKeys() {
    EnumMap<Shape, Object> full = new EnumMap<>(Shape.class);
    full.put(Shape.FLAT, List.of(1, 2));
    full.put(Shape.SQUARE, null);
    EnumMap<Shape, Integer> empty = new EnumMap<>(Shape.class);
    @SuppressWarnings("unchecked")
    List<EnumMap<Shape, Object>> back = (List<EnumMap<Shape, Object>>) roundTrip(List.of(full, empty));
    assertEquals(full, back.get(0));
    assertEquals(EnumMap.class, back.get(0).getClass());
    assertEquals(List.of(Shape.SQUARE, Shape.FLAT), List.copyOf(back.get(0).keySet()));
    assertTrue(codec.serialize(full, 64).classes().contains(Shape.class),
        "the key type is named, so Schemas notices when its constants change");
    assertTrue(back.get(1).isEmpty());
    back.get(1).put(Shape.ROUND, 7); // an EnumMap without its key type refuses every key
    assertEquals(Map.of(Shape.ROUND, 7), back.get(1));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<Object, Object> untyped = (Map) back.get(1);
    assertThrows(ClassCastException.class, () -> untyped.put(Color.RED, 1),
        "the empty map's key type is Shape, as before");
  }

  @Test
  void enumMapsSerializeTheSameWhateverTheirInsertionOrder() {
    EnumMap<Shape, String> one = new EnumMap<>(Shape.class);
    one.put(Shape.FLAT, "f");
    one.put(Shape.ROUND, "r");
    EnumMap<Shape, String> other = new EnumMap<>(Shape.class);
    other.put(Shape.ROUND, "r");
    other.put(Shape.FLAT, "f");
    assertArrayEquals(codec.serialize(one), codec.serialize(other));
    EnumMap<Color, String> otherKeyType = new EnumMap<>(Color.class);
    assertFalse(Arrays.equals(codec.serialize(new EnumMap<>(Shape.class)), codec.serialize(otherKeyType)),
        "empty maps of different key types differ");
  }

  @Test
  void anEnumMapKeepsItsIdentityWithinAValue() {
    EnumMap<Color, Integer> shared = new EnumMap<>(Map.of(Color.RED, 1));
    Object[] pair = (Object[]) roundTrip(new Object[] {shared, shared});
    assertSame(pair[0], pair[1]);
  }

  @Test
  void aSubclassOfEnumMapIsRefusedWithAClearMessage() {
    EnumMap<Color, Integer> subclass = new EnumMap<>(Color.class) {};
    KryoException e = assertThrows(KryoException.class, () -> codec.serialize(subclass));
    assertTrue(e.getMessage().contains("return an EnumMap itself"), e.getMessage());
  }

  @Test
  void enumSetsRoundTrip() {
    Object value = List.of(EnumSet.of(Shape.SQUARE, Shape.ROUND), EnumSet.noneOf(Shape.class));
    assertEquals(value, roundTrip(value));
  }
}
