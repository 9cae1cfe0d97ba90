package dev.cairn.runtime;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A stage result in serialized form, as the memory tier keeps it: callers always get a fresh
 * object deserialized from these bytes, so mutating a returned result never changes what a later
 * call returns.
 *
 * <p>A checkpointed result too large to keep serialized in memory is written to the store as it
 * is serialized ({@link #streamed}); it then has no bytes here: it cannot be decoded from memory,
 * and its identity, if a downstream stage needs it, is computed by serializing the value again
 * into the digest ({@link #identityOf(Codec, Object, String)}).
 *
 * <p>Its {@link #identity()} is what a downstream stage's key sees when this result is passed to
 * it: the SHA-256 of the payload (computed the first time it is needed), salted with the producing
 * stage's {@code version} and invalidation generation when those are set. So an upstream stage
 * that recomputes to identical bytes leaves downstream keys unchanged (early cutoff), while bumping
 * its version or invalidating it makes its direct dependents recompute too.
 */
final class StoredResult {
  private final byte[] data;
  private final int offset;
  private final int length;
  private final ByteOrder order;
  private final long computeNanos;
  private final String stage;
  private final String salt;
  private final List<TraceEntry> trace;
  private volatile Hash identity;

  StoredResult(byte[] data, int offset, int length, ByteOrder order, long computeNanos,
      String stage, String salt, List<TraceEntry> trace) {
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.order = order;
    this.computeNanos = computeNanos;
    this.stage = stage;
    this.salt = salt;
    this.trace = List.copyOf(trace);
  }

  /**
   * A freshly computed result, serialized in this platform's byte order. The buffer is trimmed if
   * more than a fifth of it is unused, so the memory tier's accounting stays close to the truth.
   */
  static StoredResult of(Codec.Serialized payload, long computeNanos, String stage, String salt,
      List<TraceEntry> trace) {
    byte[] buffer = payload.buffer();
    if (buffer.length - payload.length() > buffer.length / 5) {
      buffer = Arrays.copyOf(buffer, payload.length());
    }
    return new StoredResult(buffer, 0, payload.length(), ByteOrder.nativeOrder(), computeNanos,
        stage, salt, trace);
  }

  /** A result whose bytes went to the store as they were serialized, and are only there. */
  static StoredResult streamed(long computeNanos, String stage, String salt, List<TraceEntry> trace) {
    return new StoredResult(null, 0, 0, ByteOrder.nativeOrder(), computeNanos, stage, salt, trace);
  }

  /** Whether this holds the payload's bytes (false for a {@link #streamed} one). */
  boolean inMemory() {
    return data != null;
  }

  Object decode(Codec codec) {
    requireInMemory();
    return codec.deserialize(data, offset, length, order);
  }

  Hash identity() {
    requireInMemory();
    Hash hash = identity;
    if (hash == null) {
      hash = salted(Hash.of(data, offset, length), salt);
      identity = hash;
    }
    return hash;
  }

  private void requireInMemory() {
    if (data == null) {
      throw new IllegalStateException("the result of " + stage + " was streamed to the store; its bytes are only there");
    }
  }

  /** The identity {@code value}, a result with this salt, has: its payload streamed into the digest. */
  static Hash identityOf(Codec codec, Object value, String salt) {
    MessageDigest digest = Hash.newDigest();
    codec.serialize(value, digest::update);
    return salted(Hash.finish(digest), salt);
  }

  String salt() {
    return salt;
  }

  /** The identity if it was computed already, else null. */
  Hash identityIfComputed() {
    return identity;
  }

  private static Hash salted(Hash content, String salt) {
    if (salt.isEmpty()) {
      return content;
    }
    MessageDigest digest = Hash.newDigest();
    content.addTo(digest);
    digest.update(salt.getBytes(StandardCharsets.UTF_8));
    return Hash.finish(digest);
  }

  int length() {
    return length;
  }

  /** How long the stage took to compute this result, as recorded when it was computed. */
  long computeNanos() {
    return computeNanos;
  }

  /** The id of the stage that produced it. */
  String stage() {
    return stage;
  }

  /** Every stage call made (directly or deeper) while this result was computed. */
  List<TraceEntry> trace() {
    return trace;
  }
}
