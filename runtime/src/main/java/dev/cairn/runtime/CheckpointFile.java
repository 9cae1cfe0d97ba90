package dev.cairn.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The framed file every checkpoint and snapshot is stored in (see {@code docs/FORMAT.md}):
 *
 * <pre>
 * offset      size  field
 * 0           8     magic 89 43 41 49 52 4E 0D 0A  ("\x89CAIRN\r\n")
 * 8           2     format version, big-endian (2)
 * 10          1     codec (1 = Kryo 5)
 * 11          1     byte order of bulk primitive arrays in the payload (0 big, 1 little)
 * 12          4     metadata length M, big-endian
 * 16          M     metadata: UTF-8 lines "name=value\n"
 * 16+M        4     CRC32C of bytes [0, 16+M)
 * 20+M        8     payload length P, big-endian
 * 28+M        P     payload
 * 28+M+P      4     CRC32C of the payload
 * </pre>
 *
 * The header checksum lets a reader trust the metadata before it looks at the payload; the file
 * must end exactly after the payload checksum. Any deviation is a {@link CorruptCheckpointException}.
 */
final class CheckpointFile {
  static final int FORMAT_VERSION = 2;
  private static final byte[] MAGIC = {(byte) 0x89, 'C', 'A', 'I', 'R', 'N', '\r', '\n'};
  private static final int FIXED_HEADER = 16;
  private static final int MAX_METADATA = 1 << 20;
  private static final int WRITE_SLICE = 4 << 20;

  private CheckpointFile() {}

  /** A checkpoint read back and verified: its metadata and where its payload lies. */
  record Frame(Map<String, String> metadata, byte[] file, int payloadOffset, int payloadLength,
      ByteOrder order, int codec) {
    String get(String name) {
      return metadata.get(name);
    }
  }

  /** Writes a complete frame around {@code payload[0, payloadLength)}. */
  static void write(WritableByteChannel channel, Map<String, String> metadata, byte[] payload,
      int payloadLength) throws IOException {
    byte[] meta = encodeMetadata(metadata);
    ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER + meta.length + 4 + 8);
    header.put(MAGIC)
        .putShort((short) FORMAT_VERSION)
        .put((byte) Codec.KRYO5)
        .put((byte) (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? 0 : 1))
        .putInt(meta.length)
        .put(meta);
    CRC32C headerCrc = new CRC32C();
    headerCrc.update(header.array(), 0, header.position());
    header.putInt((int) headerCrc.getValue()).putLong(payloadLength).flip();
    writeFully(channel, header);

    // In slices: the JDK copies a heap buffer into a temporary direct buffer of the same size on
    // every write, which for a 400 MB payload would be a 400 MB direct allocation.
    for (int offset = 0; offset < payloadLength; offset += WRITE_SLICE) {
      writeFully(channel, ByteBuffer.wrap(payload, offset, Math.min(WRITE_SLICE, payloadLength - offset)));
    }

    CRC32C payloadCrc = new CRC32C();
    payloadCrc.update(payload, 0, payloadLength);
    writeFully(channel, ByteBuffer.allocate(4).putInt(0, (int) payloadCrc.getValue()));
  }

  /** Parses and verifies a whole file; never deserializes. */
  static Frame read(byte[] file) throws CorruptCheckpointException {
    if (file.length < FIXED_HEADER + 4 + 8 + 4) {
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
    int metaLength = in.getInt();
    if (metaLength < 0 || metaLength > MAX_METADATA || FIXED_HEADER + (long) metaLength + 16 > file.length) {
      throw new CorruptCheckpointException("the metadata length " + metaLength + " is invalid");
    }
    CRC32C headerCrc = new CRC32C();
    headerCrc.update(file, 0, FIXED_HEADER + metaLength);
    in.position(FIXED_HEADER + metaLength);
    if (in.getInt() != (int) headerCrc.getValue()) {
      throw new CorruptCheckpointException("the header checksum does not match");
    }
    if (version != FORMAT_VERSION) {
      throw new CorruptCheckpointException(
          "it has format version " + version + ", this Cairn reads version " + FORMAT_VERSION
              + (version > FORMAT_VERSION ? " (it was written by a newer Cairn)" : ""));
    }
    if (codec != Codec.KRYO5) {
      throw new CorruptCheckpointException("it uses unknown codec " + codec);
    }
    if (order != 0 && order != 1) {
      throw new CorruptCheckpointException("it names unknown byte order " + order);
    }
    long payloadLength = in.getLong();
    int payloadOffset = in.position();
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
    Map<String, String> metadata =
        decodeMetadata(new String(file, FIXED_HEADER, metaLength, StandardCharsets.UTF_8));
    return new Frame(metadata, file, payloadOffset, (int) payloadLength,
        order == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, codec);
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
