package dev.cairn.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit SHA-256 digest: the identity of a key, an argument value, a file or a result's
 * content. SHA-256 comes from the JDK ({@link MessageDigest}), is hardware accelerated on current
 * x86 and ARM processors, needs no {@code sun.misc.Unsafe} and leaves room for signed
 * checkpoints later.
 */
final class Hash {
  static final int BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final MessageDigest PROTOTYPE = lookUpDigest();

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  static Hash of(byte[] data) {
    return of(data, 0, data.length);
  }

  static Hash of(byte[] data, int offset, int length) {
    MessageDigest digest = newDigest();
    digest.update(data, offset, length);
    return new Hash(digest.digest());
  }

  static Hash of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  static Hash fromHex(String hex) {
    byte[] parsed = HEX.parseHex(hex);
    if (parsed.length != BYTES) {
      throw new IllegalArgumentException("not a " + BYTES + "-byte hash: " + hex);
    }
    return new Hash(parsed);
  }

  static Hash finish(MessageDigest digest) {
    return new Hash(digest.digest());
  }

  /**
   * A new SHA-256 digest: a clone of a prototype, which spares the provider look-up of
   * {@link MessageDigest#getInstance} (every stage call makes two or more).
   */
  static MessageDigest newDigest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUpDigest(); // not the JDK's provider: another was installed ahead of it
    }
  }

  private static MessageDigest lookUpDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform provides SHA-256", e);
    }
  }

  void addTo(MessageDigest digest) {
    digest.update(bytes);
  }

  void addTo(ByteBuffer buffer) {
    buffer.put(bytes);
  }

  String hex() {
    return HEX.formatHex(bytes);
  }

  /** The first 12 hex digits, for logs and summaries. */
  String shortHex() {
    return hex().substring(0, 12);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash && Arrays.equals(bytes, ((Hash) o).bytes);
  }

  /** The first eight bytes, big-endian. */
  long prefix() {
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = value << 8 | (bytes[i] & 0xff);
    }
    return value;
  }

  @Override
  public int hashCode() {
    return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  @Override
  public String toString() {
    return hex();
  }
}
