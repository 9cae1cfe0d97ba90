package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.KryoException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link RecordListSerializer} takes a record class apart into columns and puts it back
 * together, built once per record class.
 *
 * <p>Reading a million records' components through {@code Method.invoke} (what Kryo's record
 * serializer does) boxes every primitive and costs more than the rest of the save. So each
 * accessor becomes a small interface implementation made by {@link LambdaMetafactory} in the
 * record's own lookup: a plain call the JIT inlines into the extraction loop, which reads each
 * primitive straight into a primitive array. Where the record's package is not open to Cairn, or
 * its class loader cannot see Cairn's interfaces, the accessor is made accessible and called
 * through a method handle wrapped in the same interface: slower, same values, so the same bytes
 * (they are hashed into keys, which must not depend on the path taken).
 *
 * <p>Reading back, the canonical constructor is combined with array element getters into one
 * handle {@code (Object[] columns, int index) -> record}, so rebuilding a record allocates nothing
 * but the record.
 */
final class RecordColumns {
  /** How a component is stored: one primitive kind each, everything else as an object. */
  enum Kind { BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, OBJECT }

  // The getter interfaces are public (inside a package-private class, so not API) because the
  // classes LambdaMetafactory generates live in the record's package and must implement them.

  /** A boolean component's accessor. */
  @FunctionalInterface
  public interface BooleanGetter {
    boolean get(Object record);
  }

  /** A byte component's accessor. */
  @FunctionalInterface
  public interface ByteGetter {
    byte get(Object record);
  }

  /** A char component's accessor. */
  @FunctionalInterface
  public interface CharGetter {
    char get(Object record);
  }

  /** A short component's accessor. */
  @FunctionalInterface
  public interface ShortGetter {
    short get(Object record);
  }

  /** An int component's accessor. */
  @FunctionalInterface
  public interface IntGetter {
    int get(Object record);
  }

  /** A long component's accessor. */
  @FunctionalInterface
  public interface LongGetter {
    long get(Object record);
  }

  /** A float component's accessor. */
  @FunctionalInterface
  public interface FloatGetter {
    float get(Object record);
  }

  /** A double component's accessor. */
  @FunctionalInterface
  public interface DoubleGetter {
    double get(Object record);
  }

  /** A reference component's accessor. */
  @FunctionalInterface
  public interface ObjectGetter {
    Object get(Object record);
  }

  private static final ClassValue<RecordColumns> LAYOUTS =
      new ClassValue<>() {
        @Override
        protected RecordColumns computeValue(Class<?> type) {
          return new RecordColumns(type, true);
        }
      };

  final Class<?> type;
  final String[] names;
  final Class<?>[] types;
  final Kind[] kinds;
  private final boolean lambdas;
  private volatile Getters getters;
  private volatile MethodHandle constructor;

  private RecordColumns(Class<?> type, boolean lambdas) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type + " is not a record");
    }
    this.type = type;
    this.lambdas = lambdas;
    RecordComponent[] components = type.getRecordComponents();
    names = new String[components.length];
    types = new Class<?>[components.length];
    kinds = new Kind[components.length];
    for (int i = 0; i < components.length; i++) {
      names[i] = components[i].getName();
      types[i] = components[i].getType();
      kinds[i] = kind(types[i]);
    }
  }

  /**
   * At least how many bytes {@code n} records of this class take serialized, in columns or not: a
   * bit per boolean, 4 and 8 bytes per float and double, a byte per other component.
   */
  long minimumBytes(int n) {
    long bits = 0;
    for (Kind kind : kinds) {
      bits += switch (kind) {
        case BOOLEAN -> 1;
        case FLOAT -> 32;
        case DOUBLE -> 64;
        default -> 8;
      };
    }
    return bits * n / 8;
  }

  /** The layout of a record class, cached with the class. */
  static RecordColumns of(Class<?> type) {
    return LAYOUTS.get(type);
  }

  /** A fresh layout that never uses LambdaMetafactory or a private lookup: tests compare bytes. */
  static RecordColumns reflective(Class<?> type) {
    return new RecordColumns(type, false);
  }

  int size() {
    return names.length;
  }

  private static Kind kind(Class<?> type) {
    if (type == boolean.class) {
      return Kind.BOOLEAN;
    } else if (type == byte.class) {
      return Kind.BYTE;
    } else if (type == char.class) {
      return Kind.CHAR;
    } else if (type == short.class) {
      return Kind.SHORT;
    } else if (type == int.class) {
      return Kind.INT;
    } else if (type == long.class) {
      return Kind.LONG;
    } else if (type == float.class) {
      return Kind.FLOAT;
    } else if (type == double.class) {
      return Kind.DOUBLE;
    }
    return Kind.OBJECT;
  }

  /** The array a column of this kind is held in: byte, short, char and int columns share int[]. */
  static Class<?> columnClass(Kind kind) {
    switch (kind) {
      case BOOLEAN:
        return boolean[].class;
      case LONG:
        return long[].class;
      case FLOAT:
        return float[].class;
      case DOUBLE:
        return double[].class;
      case OBJECT:
        return Object[].class;
      default:
        return int[].class;
    }
  }

  /**
   * The components of the first {@code n} elements of {@code array} or else {@code list} as
   * columns, or null if an element is null or of another class: then the elements are not one
   * record class and take the general form.
   *
   * @throws KryoException if an accessor throws
   */
  Columns extract(Object[] array, List<?> list, int n) {
    Getters g = getters();
    Object[] columns = new Object[size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = Array.newInstance(columnClass(kinds[c]).getComponentType(), n);
    }
    boolean[][] booleans = g.columns(columns, g.booleanIndex, new boolean[g.booleanIndex.length][]);
    int[][] bytes = g.columns(columns, g.byteIndex, new int[g.byteIndex.length][]);
    int[][] chars = g.columns(columns, g.charIndex, new int[g.charIndex.length][]);
    int[][] shorts = g.columns(columns, g.shortIndex, new int[g.shortIndex.length][]);
    int[][] ints = g.columns(columns, g.intIndex, new int[g.intIndex.length][]);
    long[][] longs = g.columns(columns, g.longIndex, new long[g.longIndex.length][]);
    float[][] floats = g.columns(columns, g.floatIndex, new float[g.floatIndex.length][]);
    double[][] doubles = g.columns(columns, g.doubleIndex, new double[g.doubleIndex.length][]);
    Object[][] objects = g.columns(columns, g.objectIndex, new Object[g.objectIndex.length][]);
    Class<?> expected = type;
    // The first getter of each common kind and its column in locals: most records have one or
    // two components of a kind, and the loop then does no array lookups to reach them (more locals
    // for the rarer kinds would only spill registers). The first long and int columns are also
    // measured here for the choice of their encoding: counted in this loop, which waits on the
    // records' memory anyway, that costs less than a separate scan over the column.
    long longVarint = 0;
    long longDelta = 0;
    long longPrevious = 0;
    long intVarint = 0;
    long intDelta = 0;
    long intPrevious = 0;
    LongGetter longs0 = g.longs.length > 0 ? g.longs[0] : null;
    long[] longsColumn0 = longs.length > 0 ? longs[0] : null;
    IntGetter ints0 = g.ints.length > 0 ? g.ints[0] : null;
    int[] intsColumn0 = ints.length > 0 ? ints[0] : null;
    FloatGetter floats0 = g.floats.length > 0 ? g.floats[0] : null;
    float[] floatsColumn0 = floats.length > 0 ? floats[0] : null;
    DoubleGetter doubles0 = g.doubles.length > 0 ? g.doubles[0] : null;
    double[] doublesColumn0 = doubles.length > 0 ? doubles[0] : null;
    ObjectGetter objects0 = g.objects.length > 0 ? g.objects[0] : null;
    Object[] objectsColumn0 = objects.length > 0 ? objects[0] : null;
    try {
      // One pass over the records, all components at once: the records are scattered in memory,
      // the columns are not. The getters are grouped by kind so that each call site sees few
      // getter classes and the JIT inlines them.
      for (int i = 0; i < n; i++) {
        // Not list.toArray(): copying a million references costs as much as a column.
        Object e = array != null ? array[i] : list.get(i);
        if (e == null || e.getClass() != expected) {
          return null;
        }
        if (longs0 != null) {
          long v = longs0.get(e);
          longsColumn0[i] = v;
          longVarint += RecordListSerializer.varLength(RecordListSerializer.zigzag(v));
          longDelta += RecordListSerializer.varLength(RecordListSerializer.zigzag(v - longPrevious));
          longPrevious = v;
          for (int c = 1; c < longs.length; c++) {
            longs[c][i] = g.longs[c].get(e);
          }
        }
        if (ints0 != null) {
          int v = ints0.get(e);
          intsColumn0[i] = v;
          intVarint += RecordListSerializer.varLength(RecordListSerializer.zigzag(v));
          intDelta += RecordListSerializer.varLength(RecordListSerializer.zigzag((long) v - intPrevious));
          intPrevious = v;
          for (int c = 1; c < ints.length; c++) {
            ints[c][i] = g.ints[c].get(e);
          }
        }
        if (floats0 != null) {
          floatsColumn0[i] = floats0.get(e);
          for (int c = 1; c < floats.length; c++) {
            floats[c][i] = g.floats[c].get(e);
          }
        }
        if (doubles0 != null) {
          doublesColumn0[i] = doubles0.get(e);
          for (int c = 1; c < doubles.length; c++) {
            doubles[c][i] = g.doubles[c].get(e);
          }
        }
        if (objects0 != null) {
          objectsColumn0[i] = objects0.get(e);
          for (int c = 1; c < objects.length; c++) {
            objects[c][i] = g.objects[c].get(e);
          }
        }
        for (int c = 0; c < booleans.length; c++) {
          booleans[c][i] = g.booleans[c].get(e);
        }
        for (int c = 0; c < bytes.length; c++) {
          bytes[c][i] = g.bytes[c].get(e);
        }
        for (int c = 0; c < chars.length; c++) {
          chars[c][i] = g.chars[c].get(e);
        }
        for (int c = 0; c < shorts.length; c++) {
          shorts[c][i] = g.shorts[c].get(e);
        }
      }
    } catch (RuntimeException e) {
      throw new KryoException("an accessor of record " + type.getName() + " threw " + e, e);
    }
    long[] varint = new long[columns.length];
    long[] delta = new long[columns.length];
    Arrays.fill(varint, -1);
    Arrays.fill(delta, -1);
    if (longs0 != null) {
      varint[g.longIndex[0]] = longVarint;
      delta[g.longIndex[0]] = longDelta;
    }
    if (ints0 != null) {
      varint[g.intIndex[0]] = intVarint;
      delta[g.intIndex[0]] = intDelta;
    }
    return new Columns(columns, varint, delta);
  }

  /**
   * Columns read from records: {@code values[c]} is component c's array (of {@link
   * #columnClass}). For some integral columns, {@code varintBytes[c]} and {@code deltaBytes[c]}
   * are the bytes their values take as zigzag varints and as zigzag varints of the differences
   * to the previous value, counted during the extraction; elsewhere -1.
   */
  record Columns(Object[] values, long[] varintBytes, long[] deltaBytes) {}

  /** Builds the record at {@code index} of the columns {@link #extract} made or a reader read. */
  Object construct(MethodHandle constructor, Object[] columns, int index) {
    try {
      return (Object) constructor.invokeExact(columns, index);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new KryoException("cannot construct record " + type.getName() + ": " + e, e);
    }
  }

  /**
   * The canonical constructor as a handle {@code (Object[] columns, int index) -> Object}, for
   * {@link #construct}.
   *
   * @throws KryoException if the constructor is not accessible to Cairn
   */
  MethodHandle constructor() {
    MethodHandle h = constructor;
    if (h == null) {
      h = buildConstructor();
      constructor = h;
    }
    return h;
  }

  private MethodHandle buildConstructor() {
    MethodHandle ctor;
    Constructor<?> canonical;
    try {
      canonical = type.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new KryoException("record " + type.getName() + " has no canonical constructor", e);
    }
    try {
      ctor = lambdas ? MethodHandles.privateLookupIn(type, MethodHandles.lookup()).unreflectConstructor(canonical)
          : reflectiveConstructor(canonical);
    } catch (IllegalAccessException | RuntimeException e) {
      try {
        ctor = reflectiveConstructor(canonical);
      } catch (IllegalAccessException | RuntimeException again) {
        throw inaccessible("constructor", again);
      }
    }
    MethodHandle h = ctor.asType(ctor.type().changeReturnType(Object.class));
    MethodHandle columnAt = MethodHandles.arrayElementGetter(Object[].class);
    for (int c = 0; c < types.length; c++) {
      Class<?> columnClass = columnClass(kinds[c]);
      // (Object[] columns) -> columns[c], as its array class
      MethodHandle column = MethodHandles.insertArguments(columnAt, 1, c)
          .asType(MethodType.methodType(columnClass, Object[].class));
      // (Object[] columns, int index) -> columns[c][index], as the component's type (narrowing
      // an int column to byte, char or short)
      MethodHandle element = MethodHandles.filterArguments(
          MethodHandles.arrayElementGetter(columnClass), 0, column);
      element = MethodHandles.explicitCastArguments(
          element, MethodType.methodType(types[c], Object[].class, int.class));
      h = MethodHandles.collectArguments(h, 2 * c, element);
    }
    // (Object[], int, Object[], int, ...) -> (Object[], int)
    int[] reorder = new int[2 * types.length];
    for (int i = 0; i < reorder.length; i++) {
      reorder[i] = i % 2;
    }
    MethodType target = MethodType.methodType(Object.class, Object[].class, int.class);
    if (types.length == 0) {
      return MethodHandles.dropArguments(h, 0, Object[].class, int.class);
    }
    return MethodHandles.permuteArguments(h, target, reorder);
  }

  private static MethodHandle reflectiveConstructor(Constructor<?> canonical) throws IllegalAccessException {
    canonical.setAccessible(true);
    return MethodHandles.lookup().unreflectConstructor(canonical);
  }

  private KryoException inaccessible(String what, Exception cause) {
    String pkg = type.getPackageName();
    return new KryoException("Cannot serialize record " + type.getName() + ": its " + what
        + " is not accessible to Cairn (" + cause + "); its module does not open " + pkg
        + " to Cairn. Add 'opens " + pkg + ";' to module-info.java.", cause);
  }

  private Getters getters() {
    Getters g = getters;
    if (g == null) {
      g = new Getters();
      getters = g;
    }
    return g;
  }

  /** The accessors, grouped by kind, with the component index each one fills. */
  private final class Getters {
    final int[] booleanIndex = indexes(Kind.BOOLEAN);
    final int[] byteIndex = indexes(Kind.BYTE);
    final int[] charIndex = indexes(Kind.CHAR);
    final int[] shortIndex = indexes(Kind.SHORT);
    final int[] intIndex = indexes(Kind.INT);
    final int[] longIndex = indexes(Kind.LONG);
    final int[] floatIndex = indexes(Kind.FLOAT);
    final int[] doubleIndex = indexes(Kind.DOUBLE);
    final int[] objectIndex = indexes(Kind.OBJECT);
    final BooleanGetter[] booleans = new BooleanGetter[booleanIndex.length];
    final ByteGetter[] bytes = new ByteGetter[byteIndex.length];
    final CharGetter[] chars = new CharGetter[charIndex.length];
    final ShortGetter[] shorts = new ShortGetter[shortIndex.length];
    final IntGetter[] ints = new IntGetter[intIndex.length];
    final LongGetter[] longs = new LongGetter[longIndex.length];
    final FloatGetter[] floats = new FloatGetter[floatIndex.length];
    final DoubleGetter[] doubles = new DoubleGetter[doubleIndex.length];
    final ObjectGetter[] objects = new ObjectGetter[objectIndex.length];

    Getters() {
      fill(booleans, booleanIndex, BooleanGetter.class);
      fill(bytes, byteIndex, ByteGetter.class);
      fill(chars, charIndex, CharGetter.class);
      fill(shorts, shortIndex, ShortGetter.class);
      fill(ints, intIndex, IntGetter.class);
      fill(longs, longIndex, LongGetter.class);
      fill(floats, floatIndex, FloatGetter.class);
      fill(doubles, doubleIndex, DoubleGetter.class);
      fill(objects, objectIndex, ObjectGetter.class);
    }

    private int[] indexes(Kind kind) {
      int count = 0;
      for (Kind k : kinds) {
        if (k == kind) {
          count++;
        }
      }
      int[] out = new int[count];
      for (int c = 0, j = 0; c < kinds.length; c++) {
        if (kinds[c] == kind) {
          out[j++] = c;
        }
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    <A> A[] columns(Object[] columns, int[] index, A[] out) {
      for (int j = 0; j < index.length; j++) {
        out[j] = (A) columns[index[j]];
      }
      return out;
    }

    private <G> void fill(G[] getters, int[] index, Class<G> getterType) {
      for (int j = 0; j < index.length; j++) {
        getters[j] = getterType.cast(getter(index[j], getterType));
      }
    }
  }

  private Object getter(int component, Class<?> getterType) {
    Method accessor;
    try {
      accessor = type.getDeclaredMethod(names[component]);
    } catch (NoSuchMethodException e) {
      throw new KryoException("record " + type.getName() + " has no accessor " + names[component] + "()", e);
    }
    Class<?> returned = kinds[component] == Kind.OBJECT ? Object.class : types[component];
    if (lambdas) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        MethodHandle target = lookup.unreflect(accessor);
        return LambdaMetafactory.metafactory(lookup, "get", MethodType.methodType(getterType),
                MethodType.methodType(returned, Object.class), target,
                MethodType.methodType(returned, type))
            .getTarget().invoke();
      } catch (Throwable e) {
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e;
        }
        // Refused (package not open, a class loader that cannot see Cairn): the slower path below.
      }
    }
    MethodHandle h;
    try {
      accessor.setAccessible(true);
      h = MethodHandles.lookup().unreflect(accessor)
          .asType(MethodType.methodType(returned, Object.class));
    } catch (IllegalAccessException | RuntimeException e) {
      throw inaccessible("accessor " + names[component] + "()", e);
    }
    return reflectiveGetter(kinds[component], h);
  }

  /** A getter calling {@code h}, of type {@code (Object) -> the getter's return type}. */
  private static Object reflectiveGetter(Kind kind, MethodHandle h) {
    switch (kind) {
      case BOOLEAN:
        return (BooleanGetter) r -> {
          try {
            return (boolean) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case BYTE:
        return (ByteGetter) r -> {
          try {
            return (byte) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case CHAR:
        return (CharGetter) r -> {
          try {
            return (char) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case SHORT:
        return (ShortGetter) r -> {
          try {
            return (short) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case INT:
        return (IntGetter) r -> {
          try {
            return (int) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case LONG:
        return (LongGetter) r -> {
          try {
            return (long) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case FLOAT:
        return (FloatGetter) r -> {
          try {
            return (float) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      case DOUBLE:
        return (DoubleGetter) r -> {
          try {
            return (double) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
      default:
        return (ObjectGetter) r -> {
          try {
            return (Object) h.invokeExact(r);
          } catch (Throwable t) {
            throw Sneaky.<RuntimeException>rethrow(t);
          }
        };
    }
  }
}
