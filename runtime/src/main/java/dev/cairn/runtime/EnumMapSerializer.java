package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * An {@code EnumMap}: its key type, then its entries in the order of their keys' ordinals (the
 * map's own order, so the same in every JVM). Kryo's default map serializer writes one, but reads
 * it back as an {@code EnumMap} without a key type, which refuses every key: a stage returning one
 * was recomputed on every run and its checkpoint set aside each time.
 *
 * <p>The key type is written as a class, so {@link Schemas} records the enum's constants and a
 * checkpoint whose enum has since lost or reordered constants is recomputed rather than read with
 * shifted keys.
 */
final class EnumMapSerializer extends Serializer<EnumMap<?, ?>> {
  EnumMapSerializer() {
    super(false, false);
  }

  @Override
  public void write(Kryo kryo, Output output, EnumMap<?, ?> map) {
    if (map.getClass() != EnumMap.class) {
      throw new KryoException(map.getClass().getName() + " extends EnumMap, and would be read back "
          + "as a plain EnumMap; return an EnumMap itself");
    }
    kryo.writeClass(output, keyType(map));
    output.writeVarInt(map.size(), true);
    for (Map.Entry<? extends Enum<?>, ?> entry : entries(map).entrySet()) {
      output.writeVarInt(entry.getKey().ordinal(), true);
      kryo.writeClassAndObject(output, entry.getValue());
    }
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"}) // the key type is only known at run time
  public EnumMap<?, ?> read(Kryo kryo, Input input, Class<? extends EnumMap<?, ?>> type) {
    Class keyType = kryo.readClass(input).getType();
    if (!keyType.isEnum()) {
      throw new KryoException("an EnumMap's key type " + keyType.getName() + " is not an enum");
    }
    EnumMap map = new EnumMap(keyType);
    kryo.reference(map);
    Object[] constants = keyType.getEnumConstants();
    int size = input.readVarInt(true);
    for (int i = 0; i < size; i++) {
      int ordinal = input.readVarInt(true);
      if (ordinal >= constants.length) {
        throw new KryoException("an EnumMap names constant " + ordinal + " of " + keyType.getName()
            + ", which has " + constants.length);
      }
      map.put(constants[ordinal], kryo.readClassAndObject(input));
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<? extends Enum<?>, ?> entries(EnumMap<?, ?> map) {
    return (Map<? extends Enum<?>, ?>) map;
  }

  /**
   * The enum an {@code EnumMap} is keyed by. A non-empty map tells by its keys; an empty one only
   * through Java serialization, which writes the key type's class descriptor (the JDK does not
   * open its field to reflection).
   */
  private static Class<?> keyType(EnumMap<?, ?> map) {
    if (!map.isEmpty()) {
      return ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
    }
    try (KeyTypeFinder finder = new KeyTypeFinder()) {
      finder.writeObject(map);
      if (finder.found == null) {
        throw new KryoException("cannot tell the key type of an empty EnumMap");
      }
      return finder.found;
    } catch (IOException e) {
      throw new KryoException("cannot tell the key type of an empty EnumMap: " + e, e);
    }
  }

  /** Discards what it writes; notes the first enum whose class descriptor is written. */
  private static final class KeyTypeFinder extends ObjectOutputStream {
    Class<?> found;

    KeyTypeFinder() throws IOException {
      super(OutputStream.nullOutputStream());
    }

    @Override
    protected void annotateClass(Class<?> type) {
      if (found == null && type.isEnum()) {
        found = type;
      }
    }
  }
}
