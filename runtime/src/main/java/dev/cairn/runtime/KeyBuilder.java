package dev.cairn.runtime;

import com.esotericsoftware.kryo.kryo5.KryoException;
import dev.cairn.runtime.internal.StageDescriptor;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes stage call keys: SHA-256 over the stage id, its code fingerprint, its version, and a
 * hash of every keyed argument and every keyed pipeline field the stage reads.
 *
 * <p>A value's hash is, in order of preference: the content hash of the stage result it is (known
 * from {@link ResultRegistry} without rehashing, which is what makes early cutoff work: an
 * upstream stage that recomputes to identical bytes leaves downstream keys unchanged); the content
 * of the file or directory a {@code Path} or {@code File} names; otherwise the SHA-256 of its Kryo
 * serialization, which is the same function that gives a result its content hash. A value that
 * cannot be serialized is an error that names the stage and the parameter or field — never a
 * weaker key.
 */
final class KeyBuilder {
  /**
   * The version of how keys are made (and of the serialized form of values they hash); a change
   * makes every key new, and {@link Explanations} says so.
   */
  static final String FORMAT = "cairn-key-2";
  private static final byte[] DOMAIN = (FORMAT + "\0").getBytes(StandardCharsets.UTF_8);
  private static final Hash NULL = Hash.of("cairn-null\0");

  private final Codec codec;
  private final ResultRegistry results;
  private final FileFingerprints files = new FileFingerprints();
  private final ConcurrentHashMap<String, Field> fieldCache = new ConcurrentHashMap<>();

  KeyBuilder(Codec codec, ResultRegistry results) {
    this.codec = codec;
    this.results = results;
  }

  StageKey key(Object pipeline, StageDescriptor stage, Object[] arguments, long generation) {
    if (arguments.length != stage.parameterNames().size()) {
      throw new IllegalArgumentException(
          stage + " takes " + stage.parameterNames().size() + " arguments, got " + arguments.length
              + ": regenerate the Resumable class (clean build)");
    }
    MessageDigest digest = Hash.newDigest();
    digest.update(DOMAIN);
    Map<String, String> inputs = new LinkedHashMap<>();
    Map<String, String> upstream = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    add(digest, inputs, "stage", stage.id());
    add(digest, inputs, "code", stage.codeFingerprint());
    add(digest, inputs, "version", stage.version());
    add(digest, inputs, "generation", Long.toString(generation));
    for (int i = 0; i < arguments.length; i++) {
      if (stage.isKeyed(i)) {
        String name = stage.parameterNames().get(i);
        Object argument = arguments[i];
        ResultRegistry.Known producer = argument == null ? null : results.lookup(argument);
        if (producer != null) {
          upstream.put(name, producer.stage());
        }
        Path path = asPath(argument);
        if (path != null) {
          paths.put(name, path.toAbsolutePath().normalize().toString());
        }
        add(digest, inputs, "arg." + name, valueHash(argument, stage, "parameter '" + name + "'").hex());
      }
    }
    for (String name : stage.fields()) {
      add(digest, inputs, "field." + name, fieldHash(pipeline, stage, name).hex());
    }
    return new StageKey(stage.id(), Hash.finish(digest), inputs, upstream, paths);
  }

  /** The hash of a keyed field's current value, as it enters the key. */
  Hash fieldHash(Object pipeline, StageDescriptor stage, String name) {
    return valueHash(readField(pipeline, stage, name), stage, "field '" + name + "'");
  }

  /** The hash of a file or directory's current contents, as it enters the key. */
  Hash fileHash(Path path) throws IOException {
    return files.hash(path);
  }

  private static Path asPath(Object value) {
    if (value instanceof Path) {
      return (Path) value;
    }
    if (value instanceof File) {
      return ((File) value).toPath();
    }
    return null;
  }

  private static void add(MessageDigest digest, Map<String, String> inputs, String name, String value) {
    inputs.put(name, value);
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  Hash valueHash(Object value, StageDescriptor stage, String what) {
    if (value == null) {
      return NULL;
    }
    ResultRegistry.Known known = results.lookup(value);
    if (known != null) {
      return known.identity(codec, value);
    }
    Path path = asPath(value);
    try {
      if (path != null) {
        return files.hash(path);
      }
    } catch (IOException e) {
      throw new StageKeyException(
          "Cannot compute the key of " + stage + ": " + what + " names " + value
              + ", which could not be read (" + e + "). Make it readable, or mark the parameter "
              + "@NotKeyed if its contents do not affect the result.", e);
    }
    try {
      Codec.Serialized serialized = codec.serialize(value, 4096);
      return Hash.of(serialized.buffer(), 0, serialized.length());
    } catch (KryoException | IllegalArgumentException | UnsupportedOperationException
        | InaccessibleObjectException e) {
      throw new StageKeyException(
          "Cannot compute the key of " + stage + ": " + what + " of type "
              + value.getClass().getName() + " cannot be serialized by Kryo (" + e.getMessage()
              + "). Mark it @NotKeyed if it does not affect the result, or give it a serializable "
              + "type (records, enums, collections and arrays of those work).", e);
    }
  }

  private Object readField(Object pipeline, StageDescriptor stage, String name) {
    Class<?> type = pipeline.getClass();
    Field field = fieldCache.computeIfAbsent(type.getName() + "#" + name, k -> findField(type, stage, name));
    try {
      return field.get(pipeline);
    } catch (IllegalAccessException e) {
      throw new StageKeyException("Cannot read field '" + name + "' for the key of " + stage, e);
    }
  }

  private static Field findField(Class<?> type, StageDescriptor stage, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // keep looking in the superclass
      } catch (InaccessibleObjectException e) {
        throw new StageKeyException(
            "Cannot read field '" + name + "' of " + c.getName() + " for the key of " + stage
                + ": its module does not open " + c.getPackageName() + " to Cairn. Add "
                + "'opens " + c.getPackageName() + ";' to module-info.java.", e);
      }
    }
    throw new StageKeyException(
        "Cannot find field '" + name + "' in " + type.getName() + " for the key of " + stage
            + ": the generated class is out of date. Rebuild the project (clean build).");
  }
}
