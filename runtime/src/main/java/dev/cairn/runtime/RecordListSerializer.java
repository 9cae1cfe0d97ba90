package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.SerializerFactory;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultArraySerializers.ObjectArraySerializer;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Lists and arrays whose elements are all of one record class, written column by column (see
 * {@code docs/FORMAT.md}, "Payload").
 *
 * <p>A pipeline typically keeps its data as a million small records. Element by element, Kryo
 * writes a class id and then each component through reflection, boxing every primitive: the
 * serialization then costs far more than writing the bytes. Written as columns, a primitive
 * component becomes one bulk array, like a {@code float[]}: a float column is a memory copy, and
 * an integral column takes the smallest of its fixed width, a varint per value, or a varint per
 * difference to the previous value (sequential ids then take a byte each), chosen per column by
 * one scan. Other components are written by Kryo, column by column, exactly as its record
 * serializer would write them one record at a time; references are tracked as always.
 *
 * <p>Anything else — an empty list, a null element, elements of several classes, elements that
 * are not records — is written in the general form: a marker byte, then the bytes of Kryo's
 * collection or object-array serializer. The form depends on nothing but the value (and the
 * platform's byte order, recorded in the checkpoint header), so equal values give equal bytes:
 * keys hash them.
 *
 * <p>Immutable lists ({@code List.of}, {@code Stream.toList()}) are read back as immutable lists.
 * Their general form is that of an {@code ArrayList}, not that of Kryo's immutable-list
 * serializer, which can neither write nor read the null elements {@code Stream.toList()} allows; a
 * list with a null comes back as {@code Stream.toList()} would make it. An immutable list can
 * only be built once its elements are read, so another reference to it inside its own elements
 * reads back as a mutable copy, as with Kryo's serializer; a reference after it reads back as the
 * list itself.
 */
abstract class RecordListSerializer<T> extends Serializer<T> {
  /** Marker: the bytes of the general serializer follow. */
  static final int GENERAL = 0;
  /** Marker: the record class, the count and the columns follow. */
  static final int COLUMNAR = 1;

  /** Integral column tag: fixed width, in the byte order recorded in the checkpoint header. */
  static final int FIXED = 0;
  /** Integral column tag: a zigzag varint per value. */
  static final int VARINT = 1;
  /** Integral column tag: a zigzag varint per difference to the previous value (the first: to 0). */
  static final int DELTA = 2;

  private final Function<Class<?>, RecordColumns> layouts;

  RecordListSerializer(Function<Class<?>, RecordColumns> layouts) {
    super(false, false);
    this.layouts = layouts;
  }

  /** The elements, if an array (else null). */
  abstract Object[] array(T value);

  /** The elements, if a list (else null). */
  abstract List<?> list(T value);

  abstract void writeGeneral(Kryo kryo, Output output, T value);

  abstract T readGeneral(Kryo kryo, Input input, Class<? extends T> type);

  /**
   * Creates the value, registers it with {@link Kryo#reference} before reading anything else
   * (so shared and cyclic references inside the components resolve), reads the columns with
   * {@link #readRecords} and returns the value holding the records.
   */
  abstract T readColumnar(Kryo kryo, Input input, Class<? extends T> type, RecordColumns layout, int count);

  @Override
  public final void write(Kryo kryo, Output output, T value) {
    Object[] array = array(value);
    List<?> list = array == null ? list(value) : null;
    int n = array != null ? array.length : list.size();
    Object first = n == 0 ? null : array != null ? array[0] : list.get(0);
    RecordColumns layout = null;
    RecordColumns.Columns extracted = null;
    if (first != null && first.getClass().isRecord()) {
      layout = layouts.apply(first.getClass());
      extracted = layout.extract(array, list, n);
    }
    if (extracted == null) {
      output.writeByte(GENERAL);
      writeGeneral(kryo, output, value);
      return;
    }
    output.writeByte(COLUMNAR);
    kryo.writeClass(output, layout.type);
    output.writeVarInt(n, true);
    // Choose each integral column's encoding first, so that the output grows once for all the
    // primitive columns instead of copying itself column after column.
    Object[] columns = extracted.values();
    long[] plans = new long[columns.length];
    long primitiveBytes = 0;
    for (int c = 0; c < columns.length; c++) {
      plans[c] = plan(layout.kinds[c], columns[c], n, extracted.varintBytes()[c], extracted.deltaBytes()[c]);
      primitiveBytes += 1 + 5 + (plans[c] >>> 2);
    }
    if (output instanceof Codec.BulkOutput) {
      ((Codec.BulkOutput) output).ensureRoom(length(primitiveBytes));
    }
    for (int c = 0; c < columns.length; c++) {
      try {
        writeColumn(kryo, output, layout.kinds[c], layout.types[c], columns[c], n, plans[c]);
      } catch (KryoException e) {
        e.addTrace(layout.names[c] + " (" + layout.type.getName() + ")");
        throw e;
      }
    }
  }

  @Override
  public final T read(Kryo kryo, Input input, Class<? extends T> type) {
    int form = input.readByte();
    if (form == GENERAL) {
      return readGeneral(kryo, input, type);
    }
    if (form != COLUMNAR) {
      throw new KryoException("unknown form " + form + " of a " + type.getName());
    }
    Registration registration = kryo.readClass(input);
    if (registration == null || !registration.getType().isRecord()) {
      throw new KryoException("the columns of a " + type.getName() + " name "
          + (registration == null ? "no class" : registration.getType().getName() + ", not a record"));
    }
    RecordColumns layout = layouts.apply(registration.getType());
    int count = input.readVarInt(true);
    return readColumnar(kryo, input, type, layout, count);
  }

  /** Reads the columns and builds the {@code count} records, in order. */
  static Object[] readRecords(Kryo kryo, Input input, RecordColumns layout, int count) {
    Object[] columns = new Object[layout.size()];
    for (int c = 0; c < columns.length; c++) {
      try {
        columns[c] = readColumn(kryo, input, layout.kinds[c], layout.types[c], count);
      } catch (KryoException e) {
        e.addTrace(layout.names[c] + " (" + layout.type.getName() + ")");
        throw e;
      }
    }
    MethodHandle constructor = layout.constructor();
    Object[] records = new Object[count];
    for (int i = 0; i < count; i++) {
      records[i] = layout.construct(constructor, columns, i);
    }
    return records;
  }

  // ---- columns ----

  /**
   * The bytes a primitive column's values take ({@code << 2}), with, for an integral column, the
   * encoding chosen (low 2 bits); 0 for an object column. {@code varint} and {@code delta} are
   * the sizes of an integral column's two varint encodings if the extraction counted them, else -1.
   */
  private static long plan(RecordColumns.Kind kind, Object column, int n, long varint, long delta) {
    switch (kind) {
      case BOOLEAN:
        return (long) ((n + 7) >>> 3) << 2;
      case BYTE:
        return plan((int[]) column, n, Byte.BYTES);
      case CHAR:
      case SHORT:
        return plan((int[]) column, n, Short.BYTES);
      case INT:
        return varint >= 0 ? choose((long) n * Integer.BYTES, varint, delta) : plan((int[]) column, n, Integer.BYTES);
      case LONG:
        return varint >= 0 ? choose((long) n * Long.BYTES, varint, delta) : plan((long[]) column, n);
      case FLOAT:
        return (long) n * Float.BYTES << 2;
      case DOUBLE:
        return (long) n * Double.BYTES << 2;
      default:
        return 0;
    }
  }

  private static void writeColumn(Kryo kryo, Output output, RecordColumns.Kind kind, Class<?> type,
      Object column, int n, long plan) {
    int tag = (int) (plan & 3);
    int bytes = length(plan >>> 2);
    switch (kind) {
      case BOOLEAN:
        writeBooleans(output, (boolean[]) column, n);
        break;
      case BYTE:
        writeIntegral(output, (int[]) column, n, Byte.BYTES, tag, bytes);
        break;
      case CHAR:
      case SHORT:
        writeIntegral(output, (int[]) column, n, Short.BYTES, tag, bytes);
        break;
      case INT:
        writeIntegral(output, (int[]) column, n, Integer.BYTES, tag, bytes);
        break;
      case LONG:
        writeIntegral(output, (long[]) column, n, tag, bytes);
        break;
      case FLOAT: { // fixed-width columns go in slices, straight into a streamed file's buffer
        float[] values = (float[]) column;
        Codec.BulkOutput.putBulk(output, n, Float.BYTES,
            (room, from, count) -> room.asFloatBuffer().put(values, from, count));
        break;
      }
      case DOUBLE: {
        double[] values = (double[]) column;
        Codec.BulkOutput.putBulk(output, n, Double.BYTES,
            (room, from, count) -> room.asDoubleBuffer().put(values, from, count));
        break;
      }
      default:
        writeObjects(kryo, output, type, (Object[]) column, n);
    }
  }

  private static Object readColumn(Kryo kryo, Input input, RecordColumns.Kind kind, Class<?> type, int n) {
    switch (kind) {
      case BOOLEAN:
        return readBooleans(input, n);
      case BYTE:
      case CHAR:
      case SHORT:
      case INT: {
        int[] values = new int[n];
        readIntegral(input, kind, n, null, values);
        return values;
      }
      case LONG: {
        long[] values = new long[n];
        readIntegral(input, kind, n, values, null);
        return values;
      }
      case FLOAT: {
        float[] values = new float[n];
        take(input, Math.multiplyExact(n, Float.BYTES)).asFloatBuffer().get(values);
        return values;
      }
      case DOUBLE: {
        double[] values = new double[n];
        take(input, Math.multiplyExact(n, Double.BYTES)).asDoubleBuffer().get(values);
        return values;
      }
      default:
        return readObjects(kryo, input, type, n);
    }
  }

  /** As Kryo's record serializer writes a component: without its class if the type is final. */
  private static void writeObjects(Kryo kryo, Output output, Class<?> type, Object[] values, int n) {
    if (kryo.isFinal(type)) {
      Serializer<?> serializer = kryo.getRegistration(type).getSerializer();
      for (int i = 0; i < n; i++) {
        kryo.writeObjectOrNull(output, values[i], serializer);
      }
    } else {
      for (int i = 0; i < n; i++) {
        kryo.writeClassAndObject(output, values[i]);
      }
    }
  }

  private static Object[] readObjects(Kryo kryo, Input input, Class<?> type, int n) {
    Object[] values = new Object[n];
    if (kryo.isFinal(type)) {
      @SuppressWarnings("unchecked")
      Serializer<Object> serializer = kryo.getRegistration(type).getSerializer();
      @SuppressWarnings("unchecked")
      Class<Object> t = (Class<Object>) type;
      for (int i = 0; i < n; i++) {
        values[i] = kryo.readObjectOrNull(input, t, serializer);
      }
    } else {
      for (int i = 0; i < n; i++) {
        values[i] = kryo.readClassAndObject(input);
      }
    }
    return values;
  }

  /** One bit per value, the first value in the lowest bit of the first byte. */
  private static void writeBooleans(Output output, boolean[] values, int n) {
    int bytes = (n + 7) >>> 3;
    ByteBuffer room = reserve(output, bytes);
    byte[] a = room.array();
    int p = room.position();
    Arrays.fill(a, p, p + bytes, (byte) 0);
    for (int i = 0; i < n; i++) {
      if (values[i]) {
        a[p + (i >>> 3)] |= (byte) (1 << (i & 7));
      }
    }
    commit(output, room);
  }

  private static boolean[] readBooleans(Input input, int n) {
    ByteBuffer bits = take(input, (n + 7) >>> 3);
    byte[] a = bits.array();
    int p = bits.position();
    boolean[] values = new boolean[n];
    for (int i = 0; i < n; i++) {
      values[i] = (a[p + (i >>> 3)] & (1 << (i & 7))) != 0;
    }
    return values;
  }

  /** The encoding of a long column, as {@link #plan(RecordColumns.Kind, Object, int, long, long)}. */
  private static long plan(long[] values, int n) {
    long varint = 0;
    long delta = 0;
    long previous = 0;
    for (int i = 0; i < n; i++) {
      long v = values[i];
      varint += varLength(zigzag(v));
      delta += varLength(zigzag(v - previous));
      previous = v;
    }
    return choose((long) n * Long.BYTES, varint, delta);
  }

  /** The encoding of a byte, char, short or int column, held as ints, of {@code width} bytes. */
  private static long plan(int[] values, int n, int width) {
    long varint = 0;
    long delta = 0;
    long previous = 0;
    for (int i = 0; i < n; i++) {
      long v = values[i];
      varint += varLength(zigzag(v));
      delta += varLength(zigzag(v - previous));
      previous = v;
    }
    return choose((long) n * width, varint, delta);
  }

  /** The smallest encoding; on a tie the first of fixed, varint, delta. */
  private static long choose(long fixed, long varint, long delta) {
    if (fixed <= varint && fixed <= delta) {
      return fixed << 2 | FIXED;
    }
    return varint <= delta ? varint << 2 | VARINT : delta << 2 | DELTA;
  }

  private static void writeIntegral(Output output, long[] values, int n, int tag, int bytes) {
    output.writeByte(tag);
    if (tag == FIXED) {
      Codec.BulkOutput.putBulk(output, n, Long.BYTES,
          (room, from, count) -> room.asLongBuffer().put(values, from, count));
      return;
    }
    output.writeVarInt(bytes, true);
    ByteBuffer room = reserve(output, bytes);
    byte[] a = room.array();
    int p = room.position();
    long previous = 0;
    if (bytes == n) {
      // Every value takes one byte (small labels, sequential ids): one store per value.
      for (int i = 0; i < n; i++) {
        long v = values[i];
        a[p + i] = (byte) zigzag(tag == VARINT ? v : v - previous);
        previous = v;
      }
    } else {
      for (int i = 0; i < n; i++) {
        long v = values[i];
        p = putVarLong(a, p, zigzag(tag == VARINT ? v : v - previous));
        previous = v;
      }
    }
    commit(output, room);
  }

  private static void writeIntegral(Output output, int[] values, int n, int width, int tag, int bytes) {
    output.writeByte(tag);
    if (tag == FIXED) {
      if (width == Integer.BYTES) {
        Codec.BulkOutput.putBulk(output, n, Integer.BYTES,
            (room, from, count) -> room.asIntBuffer().put(values, from, count));
        return;
      }
      ByteBuffer room = reserve(output, bytes);
      int p = room.position();
      if (width == Short.BYTES) {
        for (int i = 0; i < n; i++) {
          room.putShort(p + 2 * i, (short) values[i]);
        }
      } else {
        byte[] a = room.array();
        for (int i = 0; i < n; i++) {
          a[p + i] = (byte) values[i];
        }
      }
      commit(output, room);
      return;
    }
    output.writeVarInt(bytes, true);
    ByteBuffer room = reserve(output, bytes);
    byte[] a = room.array();
    int p = room.position();
    long previous = 0;
    if (bytes == n) {
      // Every value takes one byte (small labels, sequential ids): one store per value.
      for (int i = 0; i < n; i++) {
        long v = values[i];
        a[p + i] = (byte) zigzag(tag == VARINT ? v : v - previous);
        previous = v;
      }
    } else {
      for (int i = 0; i < n; i++) {
        long v = values[i];
        p = putVarLong(a, p, zigzag(tag == VARINT ? v : v - previous));
        previous = v;
      }
    }
    commit(output, room);
  }

  /** Reads an integral column into {@code longs} (a long column) or {@code ints} (the others). */
  private static void readIntegral(Input input, RecordColumns.Kind kind, int n, long[] longs, int[] ints) {
    int tag = input.readByte();
    if (tag == FIXED) {
      readFixed(input, kind, n, longs, ints);
      return;
    }
    if (tag != VARINT && tag != DELTA) {
      throw new KryoException("unknown integral column encoding " + tag);
    }
    int length = input.readVarInt(true);
    ByteBuffer bytes = take(input, length);
    byte[] a = bytes.array();
    int p = bytes.position();
    int end = p + length;
    boolean isDelta = tag == DELTA;
    long previous = 0;
    for (int i = 0; i < n; i++) {
      if (p >= end) {
        throw new KryoException("integral column ends after " + i + " of " + n + " values");
      }
      long z = a[p++];
      if (z < 0) {
        z &= 0x7F;
        long b;
        int shift = 7;
        do {
          if (p >= end || shift > 63) {
            throw new KryoException("malformed varint in integral column at value " + i);
          }
          b = a[p++];
          z |= (b & 0x7F) << shift;
          shift += 7;
        } while (b < 0);
      }
      long v = (z >>> 1) ^ -(z & 1);
      if (isDelta) {
        v += previous;
        previous = v;
      }
      if (longs != null) {
        longs[i] = v;
      } else {
        ints[i] = (int) v;
      }
    }
    if (p != end) {
      throw new KryoException("integral column has " + (end - p) + " bytes after its " + n + " values");
    }
  }

  private static void readFixed(Input input, RecordColumns.Kind kind, int n, long[] longs, int[] ints) {
    switch (kind) {
      case LONG:
        take(input, Math.multiplyExact(n, Long.BYTES)).asLongBuffer().get(longs);
        break;
      case INT:
        take(input, Math.multiplyExact(n, Integer.BYTES)).asIntBuffer().get(ints);
        break;
      case SHORT:
      case CHAR: {
        ByteBuffer bytes = take(input, Math.multiplyExact(n, Short.BYTES));
        int p = bytes.position();
        for (int i = 0; i < n; i++) {
          short s = bytes.getShort(p + 2 * i);
          ints[i] = kind == RecordColumns.Kind.CHAR ? Short.toUnsignedInt(s) : s;
        }
        break;
      }
      default: {
        ByteBuffer bytes = take(input, n);
        byte[] a = bytes.array();
        int p = bytes.position();
        for (int i = 0; i < n; i++) {
          ints[i] = a[p + i];
        }
      }
    }
  }

  private static int length(long bytes) {
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new KryoException("a column of " + bytes + " bytes is too large");
    }
    return (int) bytes;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /**
   * Bytes of an unsigned LEB128 varint (7 bits a byte, high bit: more follow) by its number of
   * leading zero bits: a table is faster than the arithmetic in the scan.
   */
  private static final byte[] VAR_LENGTH = new byte[65];

  static {
    for (int zeros = 0; zeros <= 64; zeros++) {
      VAR_LENGTH[zeros] = (byte) (zeros == 64 ? 1 : (63 - zeros) / 7 + 1);
    }
  }

  /** Bytes of {@code v} as an unsigned LEB128 varint. */
  static int varLength(long v) {
    return VAR_LENGTH[Long.numberOfLeadingZeros(v)];
  }

  private static int putVarLong(byte[] a, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      a[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    a[p++] = (byte) v;
    return p;
  }

  /**
   * Room for {@code bytes} bytes in native order, as a buffer over an array starting at its
   * position: the output's own buffer (already counted as written) when it is Cairn's, else a
   * scratch buffer {@link #commit} copies out.
   */
  private static ByteBuffer reserve(Output output, int bytes) {
    if (output instanceof Codec.BulkOutput) {
      return ((Codec.BulkOutput) output).reserve(bytes);
    }
    return ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
  }

  private static void commit(Output output, ByteBuffer room) {
    if (!(output instanceof Codec.BulkOutput)) {
      output.writeBytes(room.array(), 0, room.capacity());
    }
  }

  /** The next {@code bytes} bytes, in the byte order they were written in, from the position. */
  private static ByteBuffer take(Input input, int bytes) {
    if (input instanceof Codec.BulkInput) {
      return ((Codec.BulkInput) input).take(bytes);
    }
    return ByteBuffer.wrap(input.readBytes(bytes)).order(ByteOrder.nativeOrder());
  }

  // ---- the value types ----

  /** {@code ArrayList} (and subclasses, created as Kryo's collection serializer creates them). */
  static final class ArrayListSerializer extends RecordListSerializer<List<Object>> {
    private final CollectionSerializer<List<Object>> general = new CollectionSerializer<>();

    ArrayListSerializer(Function<Class<?>, RecordColumns> layouts) {
      super(layouts);
    }

    @Override
    Object[] array(List<Object> list) {
      return null;
    }

    @Override
    List<?> list(List<Object> list) {
      return list;
    }

    @Override
    void writeGeneral(Kryo kryo, Output output, List<Object> list) {
      general.write(kryo, output, list);
    }

    @Override
    List<Object> readGeneral(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      return general.read(kryo, input, type);
    }

    @Override
    List<Object> readColumnar(Kryo kryo, Input input, Class<? extends List<Object>> type,
        RecordColumns layout, int count) {
      List<Object> list;
      if ((Class<?>) type == ArrayList.class) {
        list = new ArrayList<>(count);
      } else {
        list = kryo.newInstance(type);
        if (list instanceof ArrayList) {
          ((ArrayList<Object>) list).ensureCapacity(count);
        }
      }
      kryo.reference(list);
      list.addAll(Arrays.asList(readRecords(kryo, input, layout, count)));
      return list;
    }

    @Override
    public List<Object> copy(Kryo kryo, List<Object> original) {
      return general.copy(kryo, original);
    }
  }

  /** The JDK's immutable lists: {@code List.of}, {@code Stream.toList()}, their sublists. */
  static final class ImmutableListSerializer extends RecordListSerializer<List<Object>> {
    private final CollectionSerializer<List<Object>> general =
        new CollectionSerializer<>() {
          @Override
          protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
            return new ArrayList<>(size);
          }

          @Override
          protected List<Object> createCopy(Kryo kryo, List<Object> original) {
            return new ArrayList<>(original.size());
          }
        };

    ImmutableListSerializer(Function<Class<?>, RecordColumns> layouts) {
      super(layouts);
    }

    @Override
    Object[] array(List<Object> list) {
      return null;
    }

    @Override
    List<?> list(List<Object> list) {
      return list;
    }

    @Override
    void writeGeneral(Kryo kryo, Output output, List<Object> list) {
      general.write(kryo, output, list);
    }

    @Override
    List<Object> readGeneral(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      Placeholder placeholder = new Placeholder(kryo);
      List<Object> elements = general.read(kryo, input, type);
      return elements == null ? null : placeholder.replace(elements, immutable(elements.toArray()));
    }

    @Override
    List<Object> readColumnar(Kryo kryo, Input input, Class<? extends List<Object>> type,
        RecordColumns layout, int count) {
      Placeholder placeholder = new Placeholder(kryo);
      List<Object> elements = new ArrayList<>(count);
      kryo.reference(elements);
      Object[] records = readRecords(kryo, input, layout, count);
      elements.addAll(Arrays.asList(records));
      return placeholder.replace(elements, immutable(records));
    }

    @Override
    public List<Object> copy(Kryo kryo, List<Object> original) {
      return immutable(general.copy(kryo, original).toArray());
    }

    /** {@code List.of}, or what {@code Stream.toList()} makes if there is a null. */
    private static List<Object> immutable(Object[] elements) {
      for (Object e : elements) {
        if (e == null) {
          return Arrays.stream(elements).toList();
        }
      }
      return List.of(elements);
    }
  }

  /**
   * The mutable list an immutable one is read into stands for it in Kryo's reference table until
   * the immutable list exists; then the table is pointed at the immutable list, so that a later
   * reference to it reads back as the same immutable list.
   */
  private static final class Placeholder {
    private final Codec.ValueReferenceResolver references;
    private final int id;

    Placeholder(Kryo kryo) {
      references = kryo.getReferenceResolver() instanceof Codec.ValueReferenceResolver
          ? (Codec.ValueReferenceResolver) kryo.getReferenceResolver() : null;
      id = references == null ? -1 : references.lastReadId();
    }

    List<Object> replace(List<Object> placeholder, List<Object> actual) {
      if (references != null) {
        references.replaceReadObject(id, placeholder, actual);
      }
      return actual;
    }
  }

  /** Arrays whose component type is a record class ({@code Sample[]}). */
  static final class RecordArraySerializer extends RecordListSerializer<Object[]> {
    private final ObjectArraySerializer general;
    private final Class<?> componentType;

    RecordArraySerializer(Function<Class<?>, RecordColumns> layouts, Kryo kryo, Class<?> arrayType) {
      super(layouts);
      general = new ObjectArraySerializer(kryo, arrayType);
      componentType = arrayType.getComponentType();
    }

    @Override
    Object[] array(Object[] array) {
      return array;
    }

    @Override
    List<?> list(Object[] array) {
      return null;
    }

    @Override
    void writeGeneral(Kryo kryo, Output output, Object[] array) {
      general.write(kryo, output, array);
    }

    @Override
    Object[] readGeneral(Kryo kryo, Input input, Class<? extends Object[]> type) {
      return general.read(kryo, input, type);
    }

    @Override
    Object[] readColumnar(Kryo kryo, Input input, Class<? extends Object[]> type, RecordColumns layout,
        int count) {
      if (layout.type != componentType) {
        throw new KryoException("the columns of a " + type.getName() + " name " + layout.type.getName());
      }
      Object[] array = (Object[]) Array.newInstance(componentType, count);
      kryo.reference(array);
      Object[] records = readRecords(kryo, input, layout, count);
      System.arraycopy(records, 0, array, 0, count);
      return array;
    }

    @Override
    public Object[] copy(Kryo kryo, Object[] original) {
      return general.copy(kryo, original);
    }
  }

  /** Makes a {@link RecordArraySerializer} for arrays of records, and declines other arrays. */
  static final class RecordArrays implements SerializerFactory<Serializer<?>> {
    private final Function<Class<?>, RecordColumns> layouts;

    RecordArrays(Function<Class<?>, RecordColumns> layouts) {
      this.layouts = layouts;
    }

    @Override
    @SuppressWarnings("rawtypes") // the signature Kryo declares
    public Serializer<?> newSerializer(Kryo kryo, Class type) {
      return new RecordArraySerializer(layouts, kryo, type);
    }

    @Override
    @SuppressWarnings("rawtypes") // the signature Kryo declares
    public boolean isSupported(Class type) {
      return type.isArray() && type.getComponentType().isRecord();
    }
  }
}
