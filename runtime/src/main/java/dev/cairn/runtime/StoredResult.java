package dev.cairn.runtime;

import java.nio.ByteOrder;

/**
 * A stage result in serialized form, as the memory tier keeps it: callers always get a fresh
 * object deserialized from these bytes, so mutating a returned result never changes what a later
 * call returns. The content hash, which downstream keys use, is computed the first time it is
 * needed and kept.
 */
final class StoredResult {
  private final byte[] data;
  private final int offset;
  private final int length;
  private final ByteOrder order;
  private final long computeNanos;
  private volatile Hash contentHash;

  StoredResult(byte[] data, int offset, int length, ByteOrder order, long computeNanos, Hash contentHash) {
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.order = order;
    this.computeNanos = computeNanos;
    this.contentHash = contentHash;
  }

  static StoredResult of(byte[] payload, long computeNanos) {
    return new StoredResult(payload, 0, payload.length, java.nio.ByteOrder.nativeOrder(), computeNanos, null);
  }

  Object decode(Codec codec) {
    return codec.deserialize(data, offset, length, order);
  }

  Hash contentHash() {
    Hash hash = contentHash;
    if (hash == null) {
      hash = Hash.of(data, offset, length);
      contentHash = hash;
    }
    return hash;
  }

  /** The payload as a standalone array, for writing. */
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
}
