package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Registration;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.SerializerFactory;
import com.esotericsoftware.kryo.kryo5.serializers.CompatibleFieldSerializer;
import com.esotericsoftware.kryo.kryo5.util.DefaultClassResolver;
import com.esotericsoftware.kryo.kryo5.util.MapReferenceResolver;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.kryo5.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.util.Pool;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Kryo serialization of results, arguments and progress snapshots.
 *
 * <p>Kryo instances are not thread safe and costly to create, so they live in a {@link Pool}. The
 * configuration is fixed, because the serialized form of an argument is part of a key: class
 * names are written (no registration), references are tracked (shared and cyclic graphs), classes
 * without a no-argument constructor are instantiated through Objenesis, records, enums,
 * {@code java.time} types and the JDK's immutable collections have their serializers, and the
 * JDK's collection views are written as plain copies ({@link ViewSerializers}).
 *
 * <p>Primitive arrays are written in bulk in the platform's byte order (recorded in each
 * checkpoint's header), which turns a {@code float[]} into close to a memory copy; a reader on a
 * platform of the other order swaps while reading. Lists and arrays of one record class are
 * written column by column ({@link RecordListSerializer}), so that their primitive components
 * are bulk arrays too.
 *
 * <p>A value is serialized into memory ({@link #serialize(Object, int)}, optionally up to a limit)
 * or streamed into a {@link Sink} a slice at a time ({@link #serialize(Object, Sink)}); both give
 * the same bytes.
 */
final class Codec {
  static final int KRYO5 = 1;

  static {
    // Kryo probes sun.misc.Unsafe when its Util class loads unless told not to; JDK 24+ prints a
    // warning for that. Cairn uses none of Kryo's Unsafe-based classes (bulk arrays go through
    // ByteBuffer views), so turn the probe off unless the application chose otherwise.
    if (System.getProperty("kryo.unsafe") == null) {
      System.setProperty("kryo.unsafe", "false");
    }
  }

  private final Function<Class<?>, RecordColumns> layouts;

  private final Pool<Kryo> kryos =
      new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
          return newKryo();
        }
      };

  Codec() {
    this(RecordColumns::of);
  }

  /** For tests: takes record classes apart with {@code layouts} (the slow path must give the same bytes). */
  Codec(Function<Class<?>, RecordColumns> layouts) {
    this.layouts = layouts;
  }

  /**
   * Serialized bytes, {@code buffer[0, length)} (the buffer may be longer), and the classes whose
   * names Kryo wrote, for {@link Schemas}.
   */
  record Serialized(byte[] buffer, int length, Set<Class<?>> classes) {}

  /** Serializes {@code value} (which may be null) to a fresh array of exactly its length. */
  byte[] serialize(Object value) {
    Serialized s = serialize(value, 4096);
    return s.length() == s.buffer().length ? s.buffer() : java.util.Arrays.copyOf(s.buffer(), s.length());
  }

  /**
   * Serializes {@code value} into a fresh buffer of at least {@code sizeHint} bytes, without the
   * final trimming copy: with a good hint (the size of the previous snapshot), a large primitive
   * array costs one allocation and one bulk copy.
   */
  Serialized serialize(Object value, int sizeHint) {
    return serialize(value, new BulkOutput(Math.max(64, sizeHint), BulkOutput.UNLIMITED, null));
  }

  /**
   * {@link #serialize(Object, int)}, unless the serialized form is longer than {@code limit}
   * bytes: then null, once that much was written (a bulk array is refused before it is copied).
   * For values that are large at their top level, {@link #likelyMinimumSize} tells without trying.
   */
  Serialized serializeUpTo(Object value, int limit) {
    BulkOutput output = new BulkOutput(Math.min(4096, limit), limit, null);
    try {
      return serialize(value, output);
    } catch (KryoException e) {
      if (output.refused) {
        return null;
      }
      throw e;
    }
  }

  /**
   * A cheap lower bound of the serialized size of {@code value}, looking only at its top level: a
   * primitive array's bulk bytes, a list or array of records' component bytes (counting every
   * element as one of the first element's class, so a list that mixes classes may be
   * overestimated); else 0.
   */
  long likelyMinimumSize(Object value) {
    if (value instanceof float[] a) {
      return (long) a.length * Float.BYTES;
    } else if (value instanceof double[] a) {
      return (long) a.length * Double.BYTES;
    } else if (value instanceof int[] a) {
      return (long) a.length * Integer.BYTES;
    } else if (value instanceof long[] a) {
      return (long) a.length * Long.BYTES;
    } else if (value instanceof byte[] a) {
      return a.length;
    }
    Object first = value instanceof List<?> list && !list.isEmpty() ? list.get(0)
        : value instanceof Object[] array && array.length > 0 ? array[0] : null;
    if (first == null || !first.getClass().isRecord()) {
      return 0;
    }
    int n = value instanceof List<?> list ? list.size() : ((Object[]) value).length;
    return layouts.apply(first.getClass()).minimumBytes(n);
  }

  /** Receives a payload in order, piece by piece, while it is serialized. */
  @FunctionalInterface
  interface Sink {
    /** Takes the bytes between the buffer's position and limit; the buffer is reused afterwards. */
    void accept(ByteBuffer bytes);

    /**
     * Room for the next {@code bytes} bytes, handed to the caller to fill completely before it
     * sends anything else: a sink that stages what it writes in memory (a checkpoint file) lets a
     * bulk array be copied once, straight into that memory. Null if the sink has no such room;
     * the bytes then go through {@link #accept}.
     */
    default ByteBuffer reserve(int bytes) {
      return null;
    }
  }

  /**
   * Serializes {@code value} into {@code sink} in pieces, never holding the whole payload: a bulk
   * array goes to the sink in slices of up to {@link BulkOutput#SLICE} bytes (into the sink's own
   * buffer if it has one), anything else through a buffer that is reused, and that starts at 4 KB
   * and doubles each time it fills up, to at most {@link BulkOutput#STREAM_BUFFER} bytes. It is
   * small on purpose: every save allocates it, zeroed, and most of a large payload (its bulk
   * arrays) bypasses it.
   *
   * @return the classes whose names were written, for {@link Schemas}
   */
  Set<Class<?>> serialize(Object value, Sink sink) {
    BulkOutput output = new BulkOutput(4096, BulkOutput.UNLIMITED, sink);
    Set<Class<?>> classes = serialize(value, output).classes();
    output.drain();
    return classes;
  }

  private Serialized serialize(Object value, BulkOutput output) {
    Kryo kryo = kryos.obtain();
    RecordingClassResolver classes = (RecordingClassResolver) kryo.getClassResolver();
    try {
      classes.written.clear();
      kryo.writeClassAndObject(output, value);
      return new Serialized(output.getBuffer(), output.position(), Set.copyOf(classes.written));
    } finally {
      classes.written.clear();
      kryos.free(kryo);
    }
  }

  /**
   * Reads back what {@link #serialize} wrote, from {@code data[offset, offset + length)} written
   * in {@code order}.
   *
   * @throws KryoException if the bytes do not describe an object of loadable classes
   */
  Object deserialize(byte[] data, int offset, int length, ByteOrder order) {
    Kryo kryo = kryos.obtain();
    try {
      BulkInput input = new BulkInput(data, offset, length, order);
      Object value = kryo.readClassAndObject(input);
      if (input.position() != offset + length) {
        throw new KryoException(
            "payload has " + (offset + length - input.position()) + " bytes after the object");
      }
      return value;
    } finally {
      kryos.free(kryo);
    }
  }

  Object deserialize(byte[] data) {
    return deserialize(data, 0, data.length, ByteOrder.nativeOrder());
  }

  /** One value serialized with a Kryo instance of its own (so no shared reference state). */
  private byte[] serializeAlone(Object value) {
    return serialize(value);
  }

  /** The class loader checkpoints are deserialized with. */
  static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Codec.class.getClassLoader();
  }

  /**
   * Tracks references (shared and cyclic objects) except for records, enums and boxed values:
   * those are values, written as such — a million small records are then a million writes, not a
   * million identity-map insertions. A record shared twice in a graph is read back as two equal
   * records.
   */
  static final class ValueReferenceResolver extends MapReferenceResolver {
    @Override
    @SuppressWarnings("rawtypes") // the signature Kryo declares
    public boolean useReferences(Class type) {
      return !type.isRecord() && super.useReferences(type);
    }

    /**
     * The reference id of the object whose serializer has just been called to read it, if it is
     * tracked (else of some earlier object: {@link #replaceReadObject} checks).
     */
    int lastReadId() {
      return readObjects.size() - 1;
    }

    /**
     * Points reference {@code id} at {@code actual} if it points at {@code placeholder}: for a
     * serializer that must register one object before reading the elements of another it returns.
     */
    void replaceReadObject(int id, Object placeholder, Object actual) {
      if (id >= 0 && id < readObjects.size() && readObjects.get(id) == placeholder) {
        readObjects.set(id, actual);
      }
    }
  }

  /** Notes every class whose name Kryo writes. */
  private static final class RecordingClassResolver extends DefaultClassResolver {
    final Set<Class<?>> written = new HashSet<>();
    private Class<?> last;

    @Override
    @SuppressWarnings("rawtypes") // the signature Kryo declares
    public Registration writeClass(Output output, Class type) {
      if (type != null && type != last) {
        written.add(type);
        last = type;
      }
      return super.writeClass(output, type);
    }

    @Override
    public void reset() {
      super.reset();
      last = null;
    }
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new RecordingClassResolver(), new ValueReferenceResolver());
    CompatibleFieldSerializer.CompatibleFieldSerializerConfig compatible =
        new CompatibleFieldSerializer.CompatibleFieldSerializerConfig();
    compatible.setReadUnknownFieldData(true);
    compatible.setChunkedEncoding(true);
    kryo.setDefaultSerializer(new SerializerFactory.CompatibleFieldSerializerFactory(compatible));
    kryo.setRegistrationRequired(false);
    kryo.setReferences(true);
    kryo.setClassLoader(classLoader());
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    CanonicalSerializers.register(kryo, this::serializeAlone);
    kryo.addDefaultSerializer(EnumMap.class, new EnumMapSerializer());
    ViewSerializers.register(kryo);
    // Before ImmutableCollectionsSerializers: of two default serializers for the same class, the
    // one added first is used.
    kryo.addDefaultSerializer(ArrayList.class, new RecordListSerializer.ArrayListSerializer(layouts));
    RecordListSerializer.ImmutableListSerializer immutableLists =
        new RecordListSerializer.ImmutableListSerializer(layouts);
    kryo.addDefaultSerializer(List.of().getClass(), immutableLists);
    kryo.addDefaultSerializer(List.of(1).getClass(), immutableLists);
    kryo.addDefaultSerializer(List.of(1, 2, 3).getClass(), immutableLists);
    kryo.addDefaultSerializer(List.of(1, 2, 3, 4).subList(0, 2).getClass(), immutableLists);
    // Only arrays of records: the factory declines other arrays, which keep Kryo's serializers.
    kryo.addDefaultSerializer(Object[].class, new RecordListSerializer.RecordArrays(layouts));
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    kryo.addDefaultSerializer(float[].class, new FloatArraySerializer());
    kryo.addDefaultSerializer(double[].class, new DoubleArraySerializer());
    kryo.addDefaultSerializer(int[].class, new IntArraySerializer());
    kryo.addDefaultSerializer(long[].class, new LongArraySerializer());
    return kryo;
  }

  /**
   * An output whose buffer primitive-array serializers can fill in bulk: they make room for all
   * their bytes with {@link #ensureRoom}, then {@link #reserve} and fill them in slices of at most
   * {@link #SLICE} bytes.
   *
   * <p>Without a {@link Sink} it keeps the whole payload in its buffer, and refuses (with a
   * {@link KryoException}, and {@link #refused} set) to grow past {@code limit}. With one it
   * streams: its buffer (up to {@link #STREAM_BUFFER} bytes, see {@link Codec#serialize(Object,
   * Sink)}; more only for a single larger write) goes to the sink whenever the next write does not
   * fit, and is reused (bulk slices go into the sink's own buffer if it has one, see
   * {@link #reserveBulk}); {@link #drain} sends what is left at the end.
   */
  static final class BulkOutput extends Output {
    static final int SLICE = 1 << 20;
    static final int STREAM_BUFFER = 64 << 10;
    static final int UNLIMITED = -1;

    private final int limit;
    private final Sink sink;
    boolean refused;

    BulkOutput(int initialSize) {
      this(initialSize, UNLIMITED, null);
    }

    BulkOutput(int initialSize, int limit, Sink sink) {
      super(initialSize, limit);
      this.limit = limit;
      this.sink = sink;
    }

    @Override
    protected boolean require(int required) {
      if (capacity - position >= required) {
        return false;
      }
      if (sink != null) {
        drain();
        if (capacity < STREAM_BUFFER && required <= STREAM_BUFFER) {
          setBuffer(new byte[Math.max(required, Math.min(STREAM_BUFFER, capacity * 2))], -1);
        }
        if (capacity >= required) {
          return true;
        }
      }
      try {
        return super.require(required);
      } catch (KryoException e) {
        refused = true;
        throw e;
      }
    }

    /** Streaming: sends what was written so far to the sink, in order. */
    void drain() {
      if (position > 0) {
        sink.accept(ByteBuffer.wrap(buffer, 0, position));
        position = 0;
      }
    }

    /** Fills one slice of a bulk array: its elements {@code [from, from + count)}, into {@code room}. */
    interface SliceFiller {
      void fill(ByteBuffer room, int from, int count);
    }

    /**
     * Writes {@code n} elements of {@code elementBytes} bytes each, in native order, to
     * {@code output}. A {@code BulkOutput} takes them in slices of at most {@link #SLICE} bytes
     * that {@code filler} fills in place: in the sink's own buffer when streaming (see
     * {@link #reserveBulk}), else in its own buffer, grown once for all. Any other output gets
     * them through one heap buffer.
     */
    static void putBulk(Output output, int n, int elementBytes, SliceFiller filler) {
      int bytes = Math.multiplyExact(n, elementBytes);
      if (!(output instanceof BulkOutput bulk)) {
        ByteBuffer room = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
        filler.fill(room, 0, n);
        output.writeBytes(room.array());
        return;
      }
      bulk.ensureRoom(bytes);
      int slice = SLICE / elementBytes;
      for (int from = 0; from < n; from += slice) {
        int count = Math.min(slice, n - from);
        filler.fill(bulk.reserveBulk(count * elementBytes), from, count);
      }
    }

    /**
     * {@link #reserve}, for a slice of a bulk primitive array: a streaming output hands out room
     * in the sink's own buffer ({@link Sink#reserve}) when it has one, so the slice is copied
     * once, from the array to where the sink writes from.
     */
    ByteBuffer reserveBulk(int bytes) {
      if (sink != null) {
        drain();
        ByteBuffer room = sink.reserve(bytes);
        if (room != null) {
          return room.order(ByteOrder.nativeOrder());
        }
      }
      return reserve(bytes);
    }

    /**
     * Room for {@code bytes} more bytes in native order, as a view of the buffer from the current
     * position, which the caller must fill completely before it writes anything else.
     */
    ByteBuffer reserve(int bytes) {
      if (sink == null) {
        ensureRoom(bytes);
      } else if (capacity - position < bytes) {
        drain();
        if (buffer.length < bytes) {
          setBuffer(new byte[bytes], -1); // exactly: a column of records can be megabytes
        }
      }
      ByteBuffer view = ByteBuffer.wrap(buffer, position, bytes).order(ByteOrder.nativeOrder());
      position += bytes;
      return view;
    }

    /**
     * Makes room for {@code bytes} more bytes at once, so that writing them copies nothing; a
     * streaming output needs no room ahead.
     */
    void ensureRoom(int bytes) {
      if (sink != null || capacity - position >= bytes) {
        return;
      }
      if (limit != UNLIMITED && bytes > limit - position) {
        refused = true;
        throw new KryoException("the payload would be longer than " + limit + " bytes");
      }
      // Grow to what is needed (plus room for what follows), not to double: a 64 MB array
      // would otherwise get a 128 MB buffer and a trimming copy afterwards.
      int used = position;
      int size = Math.addExact(used, bytes) + 4096;
      byte[] grown = java.util.Arrays.copyOf(buffer, limit == UNLIMITED ? size : Math.min(size, limit));
      setBuffer(grown, limit);
      position = used;
    }
  }

  /** An input that knows the byte order its bulk arrays were written in. */
  static final class BulkInput extends Input {
    private final ByteOrder order;

    BulkInput(byte[] data, int offset, int length, ByteOrder order) {
      super(data, offset, length);
      this.order = order;
    }

    ByteBuffer take(int bytes) {
      require(bytes);
      ByteBuffer view = ByteBuffer.wrap(buffer, position, bytes).order(order);
      position += bytes;
      return view;
    }
  }

  private abstract static class BulkArraySerializer<T> extends Serializer<T> {
    private final int elementBytes;

    BulkArraySerializer(int elementBytes) {
      super(false, false);
      this.elementBytes = elementBytes;
    }

    abstract int length(T array);

    /** Puts {@code array[from, from + count)} into {@code target}. */
    abstract void put(ByteBuffer target, T array, int from, int count);

    abstract T get(ByteBuffer source, int length);

    @Override
    public void write(Kryo kryo, Output output, T array) {
      int length = length(array);
      output.writeVarInt(length, true);
      BulkOutput.putBulk(output, length, elementBytes,
          (room, from, count) -> put(room, array, from, count));
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
      int length = input.readVarInt(true);
      int bytes = Math.multiplyExact(length, elementBytes);
      if (input instanceof BulkInput) {
        return get(((BulkInput) input).take(bytes), length);
      }
      return get(ByteBuffer.wrap(input.readBytes(bytes)).order(ByteOrder.nativeOrder()), length);
    }
  }

  private static final class FloatArraySerializer extends BulkArraySerializer<float[]> {
    FloatArraySerializer() {
      super(Float.BYTES);
    }

    @Override
    int length(float[] array) {
      return array.length;
    }

    @Override
    void put(ByteBuffer target, float[] array, int from, int count) {
      target.asFloatBuffer().put(array, from, count);
    }

    @Override
    float[] get(ByteBuffer source, int length) {
      float[] array = new float[length];
      source.asFloatBuffer().get(array);
      return array;
    }

    @Override
    public float[] copy(Kryo kryo, float[] original) {
      return original.clone();
    }
  }

  private static final class DoubleArraySerializer extends BulkArraySerializer<double[]> {
    DoubleArraySerializer() {
      super(Double.BYTES);
    }

    @Override
    int length(double[] array) {
      return array.length;
    }

    @Override
    void put(ByteBuffer target, double[] array, int from, int count) {
      target.asDoubleBuffer().put(array, from, count);
    }

    @Override
    double[] get(ByteBuffer source, int length) {
      double[] array = new double[length];
      source.asDoubleBuffer().get(array);
      return array;
    }

    @Override
    public double[] copy(Kryo kryo, double[] original) {
      return original.clone();
    }
  }

  private static final class IntArraySerializer extends BulkArraySerializer<int[]> {
    IntArraySerializer() {
      super(Integer.BYTES);
    }

    @Override
    int length(int[] array) {
      return array.length;
    }

    @Override
    void put(ByteBuffer target, int[] array, int from, int count) {
      target.asIntBuffer().put(array, from, count);
    }

    @Override
    int[] get(ByteBuffer source, int length) {
      int[] array = new int[length];
      source.asIntBuffer().get(array);
      return array;
    }

    @Override
    public int[] copy(Kryo kryo, int[] original) {
      return original.clone();
    }
  }

  private static final class LongArraySerializer extends BulkArraySerializer<long[]> {
    LongArraySerializer() {
      super(Long.BYTES);
    }

    @Override
    int length(long[] array) {
      return array.length;
    }

    @Override
    void put(ByteBuffer target, long[] array, int from, int count) {
      target.asLongBuffer().put(array, from, count);
    }

    @Override
    long[] get(ByteBuffer source, int length) {
      long[] array = new long[length];
      source.asLongBuffer().get(array);
      return array;
    }

    @Override
    public long[] copy(Kryo kryo, long[] original) {
      return original.clone();
    }
  }
}
