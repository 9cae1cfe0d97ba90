package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.kryo5.KryoException;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists and arrays of one record class take the columnar form; everything else the general form.
 * Both must read back equal values of the same list type, with shared references intact, and be
 * the same bytes for equal values.
 */
class RecordListSerializerTest {
  private final Codec codec = new Codec();

  record Sample(long id, float x, float y, int label) {}

  record Primitives(boolean z, byte b, char c, short s, int i, long l, float f, double d) {}

  record Floats(float f, double d) {}

  record Inner(String text, int n) {}

  enum Color { RED, GREEN }

  record Row(String name, Integer boxed, Inner inner, List<String> tags, Object any, int[] data, Color color) {}

  record Other(long id) {}

  /** Not public, nested and private: its accessors and constructor are reached all the same. */
  private record Hidden(int a, String b) {}

  /** A mutable object shared by records. */
  static final class Box {
    final List<Object> items = new ArrayList<>();
  }

  record Holder(int id, Box box) {}

  record Tagged(List<String> tags) {}

  record Id(long id) {}

  record Label(int label) {}

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    return (T) codec.deserialize(codec.serialize(value));
  }

  private static ArrayList<Sample> samples(int n) {
    ArrayList<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Sample(i, i * 0.25f, -i * 0.5f, i % 10));
    }
    return out;
  }

  @Test
  void listOfSmallRecordsRoundTripsAsAnArrayList() {
    ArrayList<Sample> list = samples(10_000);
    Object back = roundTrip(list);
    assertEquals(ArrayList.class, back.getClass());
    assertEquals(list, back);
  }

  @Test
  void everyPrimitiveKindRoundTripsWithFloatsBitExact() {
    float[] floats = {Float.intBitsToFloat(0x7fa00001), Float.intBitsToFloat(0xffc00123), Float.NaN,
        -0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, 1.5f};
    double[] doubles = {Double.longBitsToDouble(0x7ff4000000000001L),
        Double.longBitsToDouble(0xfff8000000000abcL), Double.NaN, -0.0, 0.0, Double.MIN_VALUE,
        -Double.MAX_VALUE, Double.NEGATIVE_INFINITY, 2.25};
    ArrayList<Primitives> list = new ArrayList<>();
    for (int i = 0; i < 37; i++) {
      list.add(new Primitives(i % 3 == 0, (byte) (i * 7), (char) (i * 1000), (short) (i * -900),
          i * 123_456, i * -9_876_543_210L, floats[i % floats.length], doubles[i % doubles.length]));
    }
    List<Primitives> back = roundTrip(list);
    assertEquals(list, back);
    for (int i = 0; i < list.size(); i++) {
      assertEquals(Float.floatToRawIntBits(list.get(i).f()), Float.floatToRawIntBits(back.get(i).f()), "float " + i);
      assertEquals(Double.doubleToRawLongBits(list.get(i).d()), Double.doubleToRawLongBits(back.get(i).d()), "double " + i);
    }
  }

  @Test
  void nanPayloadsSurviveInABulkColumn() {
    ArrayList<Floats> list = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      list.add(new Floats(Float.intBitsToFloat(0x7fa00001 + i), Double.longBitsToDouble(0x7ff0000000000001L + i)));
    }
    List<Floats> back = roundTrip(list);
    for (int i = 0; i < list.size(); i++) {
      assertEquals(0x7fa00001 + i, Float.floatToRawIntBits(back.get(i).f()));
      assertEquals(0x7ff0000000000001L + i, Double.doubleToRawLongBits(back.get(i).d()));
    }
  }

  /** Values that make each integral column choose fixed width, varint or delta in turn. */
  static Stream<IntFunction<Primitives>> integralPatterns() {
    long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
    Random random = new Random(42);
    long[] randoms = random.longs(500).toArray();
    return Stream.of(
        // extreme values and deltas that overflow in every width: fixed width wins
        i -> primitives(extremes[i % extremes.length]),
        i -> primitives(randoms[i]),
        // small values in any order: varint
        i -> primitives((i * 37 % 101) - 50),
        // increasing and decreasing runs: delta
        i -> primitives(1_000_000_000_000L + i * 3L),
        i -> primitives(-i * 5L),
        i -> primitives(Long.MAX_VALUE - i));
  }

  private static Primitives primitives(long v) {
    return new Primitives((v & 1) != 0, (byte) v, (char) v, (short) v, (int) v, v, v, v);
  }

  @Test
  void extremeValuesAndNegativeDeltasRoundTripInEveryEncoding() {
    integralPatterns().forEach(pattern -> {
      ArrayList<Primitives> list = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        list.add(pattern.apply(i));
      }
      assertEquals(list, roundTrip(list));
    });
  }

  @Test
  void referenceComponentsRoundTripWithNulls() {
    ArrayList<Row> list = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      list.add(new Row(i % 7 == 0 ? null : "name" + i, i % 5 == 0 ? null : i,
          i % 3 == 0 ? null : new Inner("in" + i, i), i % 4 == 0 ? List.of() : List.of("t" + i, "u"),
          i % 2 == 0 ? Color.GREEN : "any" + i, new int[] {i, -i}, i % 6 == 0 ? null : Color.RED));
    }
    List<Row> back = roundTrip(list);
    assertEquals(list.size(), back.size());
    for (int i = 0; i < list.size(); i++) {
      Row a = list.get(i);
      Row b = back.get(i);
      assertEquals(a.name(), b.name());
      assertEquals(a.boxed(), b.boxed());
      assertEquals(a.inner(), b.inner());
      assertEquals(a.tags(), b.tags());
      assertEquals(a.any(), b.any());
      assertArrayEquals(a.data(), b.data());
      assertEquals(a.color(), b.color());
    }
  }

  @Test
  void mixedRecordClassesNullsAndNonRecordsTakeTheGeneralForm() {
    ArrayList<Object> mixed = new ArrayList<>(List.of(new Id(1), new Other(2), new Id(3)));
    ArrayList<Object> withNull = new ArrayList<>(Arrays.asList(new Id(1), null, new Id(3)));
    ArrayList<Object> nullFirst = new ArrayList<>(Arrays.asList(null, new Id(1)));
    ArrayList<Object> strings = new ArrayList<>(List.of("a", "b"));
    ArrayList<Object> recordThenString = new ArrayList<>(List.of(new Id(1), "b"));
    for (ArrayList<Object> list : List.of(mixed, withNull, nullFirst, strings, recordThenString)) {
      Object back = roundTrip(list);
      assertEquals(ArrayList.class, back.getClass());
      assertEquals(list, back);
    }
  }

  @Test
  void emptyListsRoundTrip() {
    Object back = roundTrip(new ArrayList<>());
    assertEquals(ArrayList.class, back.getClass());
    assertEquals(List.of(), back);
    assertEquals(List.of().getClass(), roundTrip(List.of()).getClass());
    Sample[] empty = roundTrip(new Sample[0]);
    assertEquals(0, empty.length);
  }

  @Test
  void immutableListsStayImmutableLists() {
    List<Sample> one = List.of(new Sample(1, 1, 1, 1));
    List<Sample> two = List.of(new Sample(1, 1, 1, 1), new Sample(2, 2, 2, 2));
    List<Sample> many = List.copyOf(samples(100));
    List<Sample> sub = many.subList(10, 20);
    for (List<Sample> list : List.of(one, two, many, sub)) {
      List<Sample> back = roundTrip(list);
      assertEquals(list, back);
      assertThrows(UnsupportedOperationException.class, () -> back.add(null));
    }
    assertEquals(one.getClass(), roundTrip(one).getClass());
    assertEquals(two.getClass(), roundTrip(two).getClass());
    assertEquals(many.getClass(), roundTrip(many).getClass());
    assertEquals(List.of("a", 1), roundTrip(List.of("a", 1)));
  }

  @Test
  void streamToListWithANullRoundTrips() {
    List<Object> strings = Stream.<Object>of("a", null, "b").toList();
    List<Object> records = Stream.<Object>of(new Id(1), null, new Id(2)).toList();
    List<Object> mixed = Stream.<Object>of("a", null, 3).toList();
    for (List<Object> list : List.of(strings, records, mixed)) {
      List<Object> back = roundTrip(list);
      assertEquals(list, back);
      assertEquals(list.getClass(), back.getClass());
      assertThrows(UnsupportedOperationException.class, () -> back.add("c"));
    }
    List<Sample> streamed = samples(20).stream().toList();
    assertEquals(streamed, roundTrip(streamed));
  }

  @Test
  void aSharedMutableObjectInsideRecordsStaysShared() {
    Box box = new Box();
    box.items.add("x");
    ArrayList<Object> list = new ArrayList<>();
    list.add(new Holder(1, box));
    list.add(new Holder(2, box));
    list.add(new Holder(3, new Box()));
    box.items.add(list); // a cycle back to the list itself
    @SuppressWarnings("unchecked")
    List<Holder> back = (List<Holder>) (List<?>) roundTrip(list);
    assertSame(back.get(0).box(), back.get(1).box(), "one box, referenced twice");
    assertNotSame(back.get(0).box(), back.get(2).box());
    assertEquals("x", back.get(0).box().items.get(0));
    assertSame(back, back.get(0).box().items.get(1), "the cycle leads back to the list read");
  }

  @Test
  void aSharedImmutableListInsideRecordsStaysOneImmutableList() {
    List<String> tags = List.of("a", "b", "c");
    ArrayList<Tagged> list = new ArrayList<>(List.of(new Tagged(tags), new Tagged(tags)));
    List<Tagged> back = roundTrip(list);
    assertSame(back.get(0).tags(), back.get(1).tags());
    assertEquals(tags.getClass(), back.get(1).tags().getClass());
    List<Object> twice = new ArrayList<>(List.of(tags, tags, Stream.of("x", null).toList()));
    List<Object> backTwice = roundTrip(twice);
    assertSame(backTwice.get(0), backTwice.get(1));
    assertEquals(tags.getClass(), backTwice.get(1).getClass());
  }

  @Test
  void nonPublicRecordsRoundTrip() {
    ArrayList<Object> list = new ArrayList<>(List.of(new Hidden(1, "a"), new Hidden(2, null)));
    assertEquals(list, roundTrip(list));
  }

  @Test
  void recordArraysTakeTheColumnarFormToo() {
    Sample[] array = samples(1000).toArray(new Sample[0]);
    Sample[] back = roundTrip(array);
    assertEquals(Sample[].class, back.getClass());
    assertArrayEquals(array, back);
    Sample[] withNull = {new Sample(1, 1, 1, 1), null};
    assertArrayEquals(withNull, roundTrip(withNull));
    Object[] objects = {new Sample(1, 1, 1, 1), "x"};
    assertArrayEquals(objects, roundTrip(objects));
    String[] strings = {"a", null};
    assertArrayEquals(strings, roundTrip(strings));
    assertTrue(codec.serialize(array).length < codec.serialize(Arrays.asList((Object[]) array).toArray()).length,
        "columns are smaller than the elements one by one");
  }

  @Test
  void otherListsAndListsInsideOtherValuesRoundTrip() {
    LinkedList<Sample> linked = new LinkedList<>(samples(10));
    assertEquals(linked, roundTrip(linked));
    assertEquals(LinkedList.class, roundTrip(linked).getClass());
    record Dataset(String name, List<Sample> samples) {}
    Dataset dataset = new Dataset("d", samples(100));
    assertEquals(dataset, roundTrip(dataset));
    Map<String, List<Sample>> map = Map.of("a", samples(5), "b", List.copyOf(samples(3)));
    assertEquals(map, roundTrip(map));
  }

  /** A class (not a record) is written field by field in chunks: no bulk output there. */
  static final class Training {
    List<Sample> samples;
    float[] weights;
  }

  @Test
  void aListInAClassFieldRoundTripsThroughChunkedFields() {
    Training training = new Training();
    training.samples = samples(5000);
    training.weights = new float[] {1f, 2f};
    Training back = roundTrip(training);
    assertEquals(training.samples, back.samples);
    assertArrayEquals(training.weights, back.weights);
  }

  @Test
  void serializationIsDeterministic() {
    List<Object> value = List.of(samples(1000), List.copyOf(samples(3)),
        new ArrayList<>(List.of(new Row("r", 1, new Inner("i", 2), List.of("t"), Color.RED, new int[] {1}, Color.GREEN))));
    byte[] once = codec.serialize(value);
    assertArrayEquals(once, codec.serialize(value));
    assertArrayEquals(once, new Codec().serialize(value));
    assertArrayEquals(once, codec.serialize(List.of(samples(1000), List.copyOf(samples(3)),
        new ArrayList<>(List.of(new Row("r", 1, new Inner("i", 2), List.of("t"), Color.RED, new int[] {1}, Color.GREEN))))));
  }

  @Test
  void reflectiveAccessorsGiveTheSameBytesAsGeneratedOnes() {
    Codec reflective = new Codec(RecordColumns::reflective);
    ArrayList<Primitives> primitives = new ArrayList<>();
    integralPatterns().forEach(pattern -> IntStream.range(0, 100).forEach(i -> primitives.add(pattern.apply(i))));
    List<Object> value = List.of(samples(1000), primitives, new ArrayList<>(List.of(new Hidden(1, "a"))),
        new ArrayList<>(List.of(new Row("r", null, new Inner("i", 2), List.of(), 3L, new int[0], null))));
    byte[] bytes = reflective.serialize(value);
    assertArrayEquals(codec.serialize(value), bytes);
    assertArrayEquals(bytes, codec.serialize(reflective.deserialize(bytes)), "read back the same");
  }

  @Test
  void sequentialIdsTakeAboutAByteEachAndRandomLongsNoMoreThanTheirWidth() {
    int n = 100_000;
    ArrayList<Id> sequential = new ArrayList<>();
    ArrayList<Id> random = new ArrayList<>();
    ArrayList<Label> labels = new ArrayList<>();
    Random r = new Random(7);
    for (int i = 0; i < n; i++) {
      sequential.add(new Id(1_700_000_000_000L + i));
      random.add(new Id(r.nextLong()));
      labels.add(new Label(r.nextInt(100) - 50));
    }
    int header = 200; // class names, markers, count, tag, length
    assertTrue(codec.serialize(sequential).length <= n + header, "delta: one byte per id");
    assertTrue(codec.serialize(labels).length <= n + header, "varint: one byte per small label");
    int randomBytes = codec.serialize(random).length;
    assertTrue(randomBytes <= 8 * n + header, "fixed width: " + randomBytes);
    assertTrue(randomBytes >= 8 * n, "random longs do not compress");
    assertEquals(sequential, roundTrip(sequential));
    assertEquals(random, roundTrip(random));
    assertEquals(labels, roundTrip(labels));
  }

  record OneFloat(float f) {}

  record OneDouble(double d) {}

  record OneLong(long l) {}

  record OneInt(int i) {}

  record OneShort(short s) {}

  record OneChar(char c) {}

  @Test
  void fixedWidthColumnsWrittenInTheOtherByteOrderAreSwappedOnRead() {
    ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Random r = new Random(3);
    int n = 64;
    float[] f = new float[n];
    double[] d = new double[n];
    long[] l = new long[n];
    int[] i32 = new int[n];
    short[] s = new short[n];
    char[] c = new char[n];
    for (int k = 0; k < n; k++) {
      f[k] = r.nextFloat();
      d[k] = r.nextDouble();
      l[k] = r.nextLong();
      i32[k] = r.nextInt();
      s[k] = (short) r.nextInt();
      c[k] = (char) r.nextInt();
    }
    // Each list's only column is fixed width and ends the payload: rewrite it in the other order.
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneFloat(f[k])).toList(), n * 4, other,
        b -> b.asFloatBuffer().put(f));
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneDouble(d[k])).toList(), n * 8, other,
        b -> b.asDoubleBuffer().put(d));
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneLong(l[k])).toList(), n * 8, other,
        b -> b.asLongBuffer().put(l));
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneInt(i32[k])).toList(), n * 4, other,
        b -> b.asIntBuffer().put(i32));
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneShort(s[k])).toList(), n * 2, other,
        b -> b.asShortBuffer().put(s));
    checkForeign(IntStream.range(0, n).mapToObj(k -> new OneChar(c[k])).toList(), n * 2, other,
        b -> b.asCharBuffer().put(c));
  }

  private void checkForeign(List<?> list, int columnBytes, ByteOrder other,
      java.util.function.Consumer<ByteBuffer> write) {
    byte[] bytes = codec.serialize(list);
    byte[] foreign = bytes.clone();
    write.accept(ByteBuffer.wrap(foreign, foreign.length - columnBytes, columnBytes).slice().order(other));
    assertNotEquals(Arrays.toString(bytes), Arrays.toString(foreign));
    assertEquals(list, codec.deserialize(foreign, 0, foreign.length, other));
  }

  @Test
  void aComponentAccessorThatThrowsIsReportedAsASerializationError() {
    record Fails(int a) {
      @Override
      public int a() {
        throw new IllegalStateException("no");
      }
    }
    ArrayList<Fails> list = new ArrayList<>(List.of(new Fails(1)));
    KryoException e = assertThrows(KryoException.class, () -> codec.serialize(list));
    assertTrue(e.getMessage().contains(Fails.class.getName()), e.getMessage());
  }

  /**
   * Compiles a module {@code data} exporting {@code data.api} (not opened: no private lookup for
   * Cairn) and keeping {@code data.internal} to itself, and loads it in a layer of its own.
   */
  private static ClassLoader moduleWithRecords(Path dir) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("data/api"));
    Files.createDirectories(src.resolve("data/internal"));
    Files.writeString(src.resolve("module-info.java"), "module data { exports data.api; }");
    Files.writeString(src.resolve("data/api/Point.java"),
        "package data.api; public record Point(int x, long y, String name) {}");
    Files.writeString(src.resolve("data/internal/Secret.java"),
        "package data.internal; public record Secret(int a) {}");
    Files.writeString(src.resolve("data/api/Factory.java"), "package data.api; public final class Factory {"
        + " public static java.util.List<Object> points(int n) { var out = new java.util.ArrayList<Object>();"
        + " for (int i = 0; i < n; i++) { out.add(new Point(i, -3L * i, \"p\" + i)); } return out; }"
        + " public static java.util.List<Object> secrets() {"
        + " return new java.util.ArrayList<Object>(java.util.List.of(new data.internal.Secret(1))); } }");
    Path out = Files.createDirectories(dir.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
        src.resolve("module-info.java").toString(), src.resolve("data/api/Point.java").toString(),
        src.resolve("data/internal/Secret.java").toString(), src.resolve("data/api/Factory.java").toString());
    assertEquals(0, rc);
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolve(ModuleFinder.of(out), ModuleFinder.of(), Set.of("data"));
    return ModuleLayer.boot()
        .defineModulesWithOneLoader(configuration, RecordListSerializerTest.class.getClassLoader())
        .findLoader("data");
  }

  @Test
  void recordsOfAPackageNotOpenToCairnUseTheSlowAccessorsAndOfAHiddenOneFailClearly(@TempDir Path dir)
      throws Exception {
    ClassLoader loader = moduleWithRecords(dir);
    Class<?> factory = loader.loadClass("data.api.Factory");
    @SuppressWarnings("unchecked")
    List<Object> points = (List<Object>) factory.getMethod("points", int.class).invoke(null, 500);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Codec fresh = new Codec();
      byte[] bytes = fresh.serialize(points);
      assertEquals(points, fresh.deserialize(bytes));
      assertArrayEquals(bytes, new Codec(RecordColumns::reflective).serialize(points));
      @SuppressWarnings("unchecked")
      List<Object> secrets = (List<Object>) factory.getMethod("secrets").invoke(null);
      KryoException e = assertThrows(KryoException.class, () -> fresh.serialize(secrets));
      assertTrue(e.getMessage().contains("data.internal.Secret"), e.getMessage());
      assertTrue(e.getMessage().contains("opens data.internal"), e.getMessage());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
