package dev.cairn.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the benchmarks compare Cairn with, written with the same durability Cairn gives: a
 * temporary file in the target directory, written, forced to disk ({@code fsync}), renamed
 * atomically over the target name, and the directory forced so the new name survives a crash.
 *
 * <ul>
 *   <li><b>raw</b>: the payload's bytes, copied once into a direct buffer and written with a
 *       {@link FileChannel} — the physical limit for a durable write from Java;
 *   <li><b>ObjectOutputStream</b>: Java serialization through a 64 KiB buffered stream — what a
 *       Java user writes by hand.
 * </ul>
 *
 * Loads mirror them: the raw bytes read with a {@link FileChannel} into a direct buffer and copied
 * out into a fresh array, and {@link ObjectInputStream}.
 */
final class Baselines {
  private static final int STREAM_BUFFER = 1 << 16;

  private Baselines() {}

  /**
   * The directory the benchmarks keep their files in: the environment variable
   * {@code CAIRN_BENCH_DIR} (set by {@code run.sh}) or {@code -Dcairn.bench.dir} if set, else the
   * JVM's temporary directory. Cairn's stores and the baselines' files share it, so both write to
   * the same file system.
   */
  static Path newWorkDirectory(String prefix) throws IOException {
    String base = System.getenv("CAIRN_BENCH_DIR");
    if (base == null || base.isEmpty()) {
      base = System.getProperty("cairn.bench.dir");
    }
    Path parent = base != null ? Path.of(base) : Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, prefix);
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes the files under {@code directory}, keeping the folders: a store that has saved a
   * stage's checkpoints before keeps that stage's folder, and a baseline writes into a folder
   * that exists, so creating folders again on every save would measure what neither does in
   * steady state.
   */
  static void clear(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A direct buffer in native order, large enough for {@code bytes}. */
  static ByteBuffer directBuffer(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
  }

  /** Copies the payload's bytes into {@code buffer} (cleared first) and flips it for writing. */
  static ByteBuffer fill(ByteBuffer buffer, float[] floats) {
    buffer.clear();
    buffer.asFloatBuffer().put(floats);
    buffer.position(floats.length * Float.BYTES).flip();
    return buffer;
  }

  static ByteBuffer fill(ByteBuffer buffer, byte[] bytes) {
    buffer.clear();
    buffer.put(bytes).flip();
    return buffer;
  }

  /** Raw durable write: temp file, write, force, atomic rename, force the directory. */
  static void rawWrite(Path target, ByteBuffer bytes) throws IOException {
    Path temp = temp(target);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    publish(temp, target);
  }

  /** Java serialization with the same durability as {@link #rawWrite}. */
  static void objectStreamWrite(Path target, Object value) throws IOException {
    Path temp = temp(target);
    try (FileOutputStream file = new FileOutputStream(temp.toFile());
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(file, STREAM_BUFFER))) {
      out.writeObject(value);
      out.flush();
      file.getChannel().force(true);
    }
    publish(temp, target);
  }

  /** Reads a whole file into {@code buffer} (cleared first; must be large enough), flipped. */
  static ByteBuffer rawRead(Path file, ByteBuffer buffer) throws IOException {
    buffer.clear();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > buffer.capacity()) {
        throw new IOException(file + " has " + size + " bytes, more than the buffer's " + buffer.capacity());
      }
      buffer.limit((int) size);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new IOException("unexpected end of " + file);
        }
      }
    }
    return buffer.flip();
  }

  static float[] rawReadFloats(Path file, ByteBuffer buffer) throws IOException {
    ByteBuffer bytes = rawRead(file, buffer);
    float[] out = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  static byte[] rawReadBytes(Path file, ByteBuffer buffer) throws IOException {
    ByteBuffer bytes = rawRead(file, buffer);
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return out;
  }

  static Object objectStreamRead(Path file) throws IOException, ClassNotFoundException {
    try (InputStream in = Files.newInputStream(file);
        ObjectInputStream objects = new ObjectInputStream(new BufferedInputStream(in, STREAM_BUFFER))) {
      return objects.readObject();
    }
  }

  private static Path temp(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  private static void publish(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
