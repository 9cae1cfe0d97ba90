package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.MapSerializer;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Serializers that make the serialized form of a value the same in every JVM, which keys need:
 *
 * <ul>
 *   <li>Hash-based sets and maps ({@code HashSet}, {@code HashMap}, {@code ConcurrentHashMap},
 *       {@code Set.of}, {@code Map.of}) iterate in an order that depends on identity hash codes
 *       (enum keys) or on a per-JVM salt ({@code Set.of}); they are written in a canonical order
 *       instead: sorted by the bytes of each element (or key) serialized on its own.
 *       {@code LinkedHashSet} and {@code LinkedHashMap} keep their insertion order.
 *   <li>A lambda's class name contains a per-JVM address; a {@code Serializable} lambda is
 *       written as its {@link SerializedLambda} description (capturing class, implementation
 *       method, captured arguments) and read back through the capturing class, as Java
 *       serialization does. A lambda that is not {@code Serializable} cannot be written.
 *   <li>A {@code Path} inside a value is written as its text (JDK path classes have no fields
 *       Kryo may read).
 * </ul>
 */
final class CanonicalSerializers {
  private CanonicalSerializers() {}

  /**
   * Registers the serializers; {@code isolated} serializes one value with a separate Kryo
   * instance, for sorting.
   */
  static void register(Kryo kryo, Function<Object, byte[]> isolated) {
    kryo.addDefaultSerializer(LinkedHashSet.class, new CollectionSerializer<>());
    kryo.addDefaultSerializer(LinkedHashMap.class, new MapSerializer<>());
    UnorderedSetSerializer sets = new UnorderedSetSerializer(isolated);
    UnorderedMapSerializer maps = new UnorderedMapSerializer(isolated);
    kryo.addDefaultSerializer(HashSet.class, sets);
    kryo.addDefaultSerializer(Set.of().getClass(), sets);
    kryo.addDefaultSerializer(Set.of(1).getClass(), sets);
    kryo.addDefaultSerializer(Set.of(1, 2, 3).getClass(), sets);
    kryo.addDefaultSerializer(HashMap.class, maps);
    kryo.addDefaultSerializer(ConcurrentHashMap.class, maps);
    kryo.addDefaultSerializer(Map.of().getClass(), maps);
    kryo.addDefaultSerializer(Map.of(1, 1).getClass(), maps);
    kryo.addDefaultSerializer(Map.of(1, 1, 2, 2).getClass(), maps);
    kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer());
    kryo.addDefaultSerializer(Path.class, new PathSerializer());
  }

  /**
   * A {@code Path} inside a value (a record field, a list element) is written as its text: only a
   * {@code Path} that is itself a stage argument is keyed by the contents of what it names.
   */
  private static final class PathSerializer extends Serializer<Path> {
    PathSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Path path) {
      output.writeString(path.toString());
    }

    @Override
    public Path read(Kryo kryo, Input input, Class<? extends Path> type) {
      return Path.of(input.readString());
    }
  }

  /** {@code values} in the order of their isolated serialized bytes (unsigned lexicographic). */
  private static <T> List<T> canonicalOrder(Collection<T> values, Function<Object, byte[]> isolated) {
    List<T> items = new ArrayList<>(values);
    byte[][] bytes = new byte[items.size()][];
    Integer[] order = new Integer[items.size()];
    for (int i = 0; i < items.size(); i++) {
      bytes[i] = isolated.apply(items.get(i));
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes[a], bytes[b]));
    List<T> sorted = new ArrayList<>(items.size());
    for (int i : order) {
      sorted.add(items.get(i));
    }
    return sorted;
  }

  private static boolean isJdkImmutable(Class<?> type) {
    return type.getName().startsWith("java.util.ImmutableCollections$");
  }

  private static final class UnorderedSetSerializer extends Serializer<Set<Object>> {
    private final Function<Object, byte[]> isolated;

    UnorderedSetSerializer(Function<Object, byte[]> isolated) {
      super(false, false);
      this.isolated = isolated;
    }

    @Override
    public void write(Kryo kryo, Output output, Set<Object> set) {
      List<Object> sorted = canonicalOrder(set, isolated);
      output.writeVarInt(sorted.size(), true);
      for (Object element : sorted) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public Set<Object> read(Kryo kryo, Input input, Class<? extends Set<Object>> type) {
      int size = input.readVarInt(true);
      Set<Object> set = isJdkImmutable(type) ? new HashSet<>(size * 2) : kryo.newInstance(type);
      kryo.reference(set);
      for (int i = 0; i < size; i++) {
        set.add(kryo.readClassAndObject(input));
      }
      return isJdkImmutable(type) ? Set.copyOf(set) : set;
    }
  }

  private static final class UnorderedMapSerializer extends Serializer<Map<Object, Object>> {
    private final Function<Object, byte[]> isolated;

    UnorderedMapSerializer(Function<Object, byte[]> isolated) {
      super(false, false);
      this.isolated = isolated;
    }

    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> map) {
      List<Object> keys = canonicalOrder(map.keySet(), isolated);
      output.writeVarInt(keys.size(), true);
      for (Object key : keys) {
        kryo.writeClassAndObject(output, key);
        kryo.writeClassAndObject(output, map.get(key));
      }
    }

    @Override
    public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      int size = input.readVarInt(true);
      Map<Object, Object> map = isJdkImmutable(type) ? new HashMap<>(size * 2) : kryo.newInstance(type);
      kryo.reference(map);
      for (int i = 0; i < size; i++) {
        Object key = kryo.readClassAndObject(input);
        map.put(key, kryo.readClassAndObject(input));
      }
      return isJdkImmutable(type) ? Map.copyOf(map) : map;
    }
  }

  /** A {@code Serializable} lambda, by its {@link SerializedLambda}. */
  private static final class LambdaSerializer extends Serializer<Object> {
    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
      SerializedLambda s = describe(lambda);
      output.writeString(s.getCapturingClass());
      output.writeString(s.getFunctionalInterfaceClass());
      output.writeString(s.getFunctionalInterfaceMethodName());
      output.writeString(s.getFunctionalInterfaceMethodSignature());
      output.writeVarInt(s.getImplMethodKind(), true);
      output.writeString(s.getImplClass());
      output.writeString(s.getImplMethodName());
      output.writeString(s.getImplMethodSignature());
      output.writeString(s.getInstantiatedMethodType());
      output.writeVarInt(s.getCapturedArgCount(), true);
      for (int i = 0; i < s.getCapturedArgCount(); i++) {
        kryo.writeClassAndObject(output, s.getCapturedArg(i));
      }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
      String capturingClass = input.readString();
      String interfaceClass = input.readString();
      String interfaceMethod = input.readString();
      String interfaceSignature = input.readString();
      int implKind = input.readVarInt(true);
      String implClass = input.readString();
      String implMethod = input.readString();
      String implSignature = input.readString();
      String instantiatedType = input.readString();
      Object[] captured = new Object[input.readVarInt(true)];
      for (int i = 0; i < captured.length; i++) {
        captured[i] = kryo.readClassAndObject(input);
      }
      try {
        Class<?> capturing = Class.forName(capturingClass.replace('/', '.'), false, kryo.getClassLoader());
        SerializedLambda s = new SerializedLambda(capturing, interfaceClass, interfaceMethod,
            interfaceSignature, implKind, implClass, implMethod, implSignature, instantiatedType, captured);
        Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        deserialize.setAccessible(true);
        return deserialize.invoke(null, s);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new KryoException("cannot recreate lambda " + implClass + "." + implMethod
            + " captured in " + capturingClass + ": " + e, e);
      }
    }

    private static SerializedLambda describe(Object lambda) {
      if (!(lambda instanceof Serializable)) {
        throw new KryoException("a lambda (" + lambda.getClass().getName() + ") that is not "
            + "Serializable has no form that is the same in every JVM; declare its type as "
            + "(YourInterface & Serializable) or use a record or class instead");
      }
      try {
        Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
        writeReplace.setAccessible(true);
        return (SerializedLambda) writeReplace.invoke(lambda);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new KryoException("cannot describe lambda " + lambda.getClass().getName() + ": " + e, e);
      }
    }
  }
}
