package dev.cairn.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;

/**
 * The framed file every checkpoint and snapshot is stored in (see {@code docs/FORMAT.md}):
 *
 * <pre>
 * offset      size  field
 * 0           8     magic 89 43 41 49 52 4E 0D 0A  ("\x89CAIRN\r\n")
 * 8           2     format version, big-endian (3)
 * 10          1     codec (1 = Kryo 5)
 * 11          1     byte order of bulk primitive arrays in the payload (0 big, 1 little)
 * 12          P     payload
 * 12+P        M     metadata: UTF-8 lines "name=value\n"
 * 12+P+M      4     metadata length M, big-endian
 * 16+P+M      8     payload length P, big-endian
 * 24+P+M      4     CRC32C of bytes [0, 24+P+M)
 * </pre>
 *
 * The payload comes first and the lengths last so that a file can be written while its payload
 * is still being serialized, without knowing its length or the classes it names (which are in the
 * metadata) in advance; the file must end exactly after the checksum. Any deviation is a {@link
 * CorruptCheckpointException}. Files of format version 2 (metadata in front, see FORMAT.md) are
 * still read.
 */
final class CheckpointFile {
  static final int FORMAT_VERSION = 3;
  private static final byte[] MAGIC = {(byte) 0x89, 'C', 'A', 'I', 'R', 'N', '\r', '\n'};
  private static final int HEADER = 12;
  private static final int TRAILER = 16;
  private static final int MAX_METADATA = 1 << 20;
  private static final int STAGING = 4 << 20;
  private static final int PAGE = 4096;

  private CheckpointFile() {}

  /** A checkpoint read back and verified: its metadata and where its payload lies. */
  record Frame(Map<String, String> metadata, byte[] file, int payloadOffset, int payloadLength,
      ByteOrder order, int codec) {
    String get(String name) {
      return metadata.get(name);
    }
  }

  /** A payload written while it is serialized, followed by the metadata it returns. */
  @FunctionalInterface
  interface Payload {
    /** Sends the payload's bytes to {@code sink}, in order, and returns the metadata to follow. */
    Map<String, String> writeTo(Codec.Sink sink);
  }

  /** Writes a complete frame around {@code payload[0, payloadLength)}. */
  static long write(WritableByteChannel channel, Map<String, String> metadata, byte[] payload,
      int payloadLength) throws IOException {
    return write(channel, sink -> {
      sink.accept(ByteBuffer.wrap(payload, 0, payloadLength));
      return metadata;
    });
  }

  /**
   * Writes a frame around a payload that is serialized while it is written.
   *
   * @return the length of the frame written: the file's size
   * @throws IOException if the channel failed
   * @throws RuntimeException what {@code payload} threw for any other reason
   */
  static long write(WritableByteChannel channel, Payload payload) throws IOException {
    ByteBuffer staging = Staging.take();
    try {
      ChecksummedWriter out = new ChecksummedWriter(channel, staging);
      out.accept(ByteBuffer.allocate(HEADER)
          .put(MAGIC)
          .putShort((short) FORMAT_VERSION)
          .put((byte) Codec.KRYO5)
          .put((byte) (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? 0 : 1))
          .flip());
      Map<String, String> metadata;
      try {
        metadata = payload.writeTo(out);
      } catch (RuntimeException e) {
        if (out.failure != null) {
          throw out.failure; // the channel failed under the serializer, which let it unwind
        }
        throw e;
      }
      out.rethrowFailure();
      out.commitReserved();
      long payloadLength = out.written - HEADER;
      byte[] meta = encodeMetadata(metadata);
      out.accept(ByteBuffer.allocate(meta.length + 12).put(meta).putInt(meta.length).putLong(payloadLength).flip());
      return out.finish();
    } finally {
      Staging.give(staging);
    }
  }

  /**
   * Direct buffers of {@link #STAGING} bytes (plus a page, to align them), reused: a frame is
   * assembled in one and goes to the channel a buffer at a time, so a checkpoint of a few
   * megabytes is one {@code write(2)}, and a larger one is written in page-aligned pieces. A
   * pool rather than a thread-local, so that many short-lived threads do not each keep one.
   */
  private static final class Staging {
    private static final int KEPT = 4;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();

    static ByteBuffer take() {
      ByteBuffer buffer = POOL.poll();
      return buffer != null ? buffer.clear()
          : ByteBuffer.allocateDirect(STAGING + PAGE).alignedSlice(PAGE).limit(STAGING);
    }

    static void give(ByteBuffer buffer) {
      if (POOL.size() < KEPT) {
        POOL.offer(buffer);
      }
    }
  }

  /**
   * Checksums what it is given and writes it through a staging buffer whose offsets within a
   * page are those of the file: every write but the last ends at a page boundary, and the next
   * starts at one. The kernel copies into the page cache at half the speed from some offsets
   * within a page (17 to 31 bytes in, on the AMD EPYC machines Cairn is benchmarked on), and
   * the payload's bulk arrays start a few bytes after the header. Keeps the first I/O failure
   * for {@link #write}.
   */
  private static final class ChecksummedWriter implements Codec.Sink {
    final WritableByteChannel channel;
    final ByteBuffer staging;
    final CRC32C crc = new CRC32C();
    long written; // bytes accepted, and reserved bytes committed: the payload's length so far
    int reserved = -1; // where a slice handed out by reserve() starts in staging, if one is
    IOException failure;

    ChecksummedWriter(WritableByteChannel channel, ByteBuffer staging) {
      this.channel = channel;
      this.staging = staging;
    }

    @Override
    public void accept(ByteBuffer bytes) {
      commitReserved();
      while (bytes.hasRemaining()) {
        if (!staging.hasRemaining()) {
          flush(false);
        }
        int n = Math.min(bytes.remaining(), staging.remaining());
        int at = staging.position();
        staging.put(bytes.slice().limit(n));
        bytes.position(bytes.position() + n);
        crc.update(staging.slice(at, n)); // while the copy is in cache
        written += n;
      }
    }

    /** Room in the staging buffer itself, so a bulk array is copied once, straight into it. */
    @Override
    public ByteBuffer reserve(int bytes) {
      commitReserved();
      if (bytes > STAGING - PAGE) {
        return null;
      }
      if (staging.remaining() < bytes) {
        flush(false);
      }
      reserved = staging.position();
      staging.position(reserved + bytes);
      return staging.slice(reserved, bytes);
    }

    /** Checksums the slice last handed out by {@link #reserve}, which its taker has filled. */
    void commitReserved() {
      if (reserved >= 0) {
        int n = staging.position() - reserved;
        crc.update(staging.slice(reserved, n));
        written += n;
        reserved = -1;
      }
    }

    /** Appends the checksum of everything written, writes what is staged, returns the length. */
    long finish() throws IOException {
      commitReserved();
      if (staging.remaining() < Integer.BYTES) {
        flush(false);
      }
      staging.putInt((int) crc.getValue());
      flush(true);
      rethrowFailure();
      return written + Integer.BYTES;
    }

    /**
     * Writes what is staged: all of it if {@code last}, else up to the last page boundary, the
     * rest moving to the start of the buffer, at the same offset within its page.
     */
    private void flush(boolean last) {
      if (failure != null) {
        throw new UncheckedIOException(failure);
      }
      int end = staging.position();
      int cut = last ? end : end & -PAGE;
      try {
        writeFully(channel, staging.duplicate().position(0).limit(cut));
      } catch (IOException e) {
        failure = e;
        throw new UncheckedIOException(e);
      }
      staging.put(0, staging, cut, end - cut).position(end - cut);
    }

    void rethrowFailure() throws IOException {
      if (failure != null) {
        throw failure; // a serializer caught the unchecked form and went on
      }
    }
  }

  /** Parses and verifies a whole file; never deserializes. */
  static Frame read(byte[] file) throws CorruptCheckpointException {
    if (file.length < HEADER + TRAILER) {
      throw new CorruptCheckpointException(
          file.length == 0 ? "the file is empty" : "the file is truncated (" + file.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(file);
    for (byte b : MAGIC) {
      if (in.get() != b) {
        throw new CorruptCheckpointException("the file does not start with Cairn's magic number");
      }
    }
    int version = Short.toUnsignedInt(in.getShort());
    int codec = Byte.toUnsignedInt(in.get());
    int order = in.get();
    Layout layout;
    if (version == FORMAT_VERSION) {
      layout = readVersion3(file, in);
    } else if (version == 2) {
      layout = readVersion2(file, in);
    } else {
      throw new CorruptCheckpointException(
          "it has format version " + version + ", this Cairn reads versions 2 and " + FORMAT_VERSION
              + (version > FORMAT_VERSION ? " (it was written by a newer Cairn)" : ""));
    }
    // Only now that a checksum vouches for them:
    if (codec != Codec.KRYO5) {
      throw new CorruptCheckpointException("it uses unknown codec " + codec);
    }
    if (order != 0 && order != 1) {
      throw new CorruptCheckpointException("it names unknown byte order " + order);
    }
    Map<String, String> metadata = decodeMetadata(
        new String(file, layout.metadataOffset, layout.metadataLength, StandardCharsets.UTF_8));
    return new Frame(metadata, file, layout.payloadOffset, layout.payloadLength,
        order == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, codec);
  }

  /** Where a verified file's payload and metadata lie. */
  private record Layout(int payloadOffset, int payloadLength, int metadataOffset, int metadataLength) {}

  private static Layout readVersion3(byte[] file, ByteBuffer in) throws CorruptCheckpointException {
    int end = file.length - TRAILER;
    int metaLength = in.getInt(end);
    long payloadLength = in.getLong(end + 4);
    if (metaLength < 0 || metaLength > MAX_METADATA || payloadLength < 0
        || HEADER + payloadLength + metaLength != end) {
      throw new CorruptCheckpointException(
          "its length " + file.length + " does not match the recorded payload and metadata lengths "
              + payloadLength + " and " + metaLength + " (truncated or extended)");
    }
    CRC32C crc = new CRC32C();
    crc.update(file, 0, end + 12);
    if (in.getInt(end + 12) != (int) crc.getValue()) {
      throw new CorruptCheckpointException("the checksum does not match");
    }
    return new Layout(HEADER, (int) payloadLength, HEADER + (int) payloadLength, metaLength);
  }

  /**
   * Version 2: after the fixed header, the metadata length (4), the metadata, a CRC32C of all
   * that, the payload length (8), the payload and a CRC32C of the payload.
   */
  private static Layout readVersion2(byte[] file, ByteBuffer in) throws CorruptCheckpointException {
    int metaLength = in.getInt(HEADER);
    int headerEnd = HEADER + 4 + metaLength;
    if (metaLength < 0 || metaLength > MAX_METADATA || headerEnd + 16L > file.length) {
      throw new CorruptCheckpointException("the metadata length " + metaLength + " is invalid");
    }
    CRC32C headerCrc = new CRC32C();
    headerCrc.update(file, 0, headerEnd);
    if (in.getInt(headerEnd) != (int) headerCrc.getValue()) {
      throw new CorruptCheckpointException("the header checksum does not match");
    }
    long payloadLength = in.getLong(headerEnd + 4);
    int payloadOffset = headerEnd + 12;
    if (payloadLength < 0 || payloadOffset + payloadLength + 4 != file.length) {
      throw new CorruptCheckpointException(
          "its length " + file.length + " does not match the recorded payload length "
              + payloadLength + " (truncated or extended)");
    }
    CRC32C payloadCrc = new CRC32C();
    payloadCrc.update(file, payloadOffset, (int) payloadLength);
    if (in.getInt(payloadOffset + (int) payloadLength) != (int) payloadCrc.getValue()) {
      throw new CorruptCheckpointException("the payload checksum does not match");
    }
    return new Layout(payloadOffset, (int) payloadLength, HEADER + 4, metaLength);
  }

  static byte[] encodeMetadata(Map<String, String> metadata) {
    StringBuilder text = new StringBuilder();
    metadata.forEach((name, value) -> {
      if (name.indexOf('=') >= 0 || name.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("invalid metadata name: " + name);
      }
      text.append(name).append('=').append(escape(value)).append('\n');
    });
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> decodeMetadata(String text) throws CorruptCheckpointException {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new CorruptCheckpointException("the metadata line '" + line + "' is malformed");
      }
      metadata.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
    }
    return metadata;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
