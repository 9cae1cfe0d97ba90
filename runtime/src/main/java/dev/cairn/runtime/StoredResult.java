package dev.cairn.runtime;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stage result in serialized form, as the memory tier keeps it: callers always get a fresh
 * object deserialized from these bytes, so mutating a returned result never changes what a later
 * call returns.
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

  /** A freshly computed result, serialized in this platform's byte order. */
  static StoredResult of(byte[] payload, long computeNanos, String stage, String salt,
      List<TraceEntry> trace) {
    return new StoredResult(payload, 0, payload.length, ByteOrder.nativeOrder(), computeNanos,
        stage, salt, trace);
  }

  Object decode(Codec codec) {
    return codec.deserialize(data, offset, length, order);
  }

  Hash identity() {
    Hash hash = identity;
    if (hash == null) {
      hash = Hash.of(data, offset, length);
      if (!salt.isEmpty()) {
        MessageDigest digest = Hash.newDigest();
        hash.addTo(digest);
        digest.update(salt.getBytes(StandardCharsets.UTF_8));
        hash = Hash.finish(digest);
      }
      identity = hash;
    }
    return hash;
  }

  byte[] data() {
    return data;
  }

  int offset() {
    return offset;
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
