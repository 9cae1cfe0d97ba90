package dev.cairn.runtime;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, by object identity and weakly, which objects were returned by stage calls, so that
 * passing one to another stage keys it by the result's identity ({@link StoredResult#identity()})
 * without serializing it again.
 *
 * <p>An entry holds the producing stage, and the identity once computed, but only a weak
 * reference to the serialized bytes: a result the caller keeps must not also keep its checkpoint
 * file in memory (the memory tier, which is bounded, decides how long bytes stay). If the bytes
 * are gone before the identity was needed (or were never in memory: a result streamed to the
 * store), the value is serialized again, into the digest, to compute it.
 *
 * <p>Stage results are treated as values: an object mutated after it was returned and then passed
 * to another stage is keyed by what it was returned as, as long as its identity was computed
 * before the mutation.
 *
 * <p>The map is a {@link ConcurrentHashMap} of weak keys compared by identity; the entries of
 * collected results are dropped, from a {@link ReferenceQueue}, at the next registration. (A
 * Caffeine cache with weak keys did the same, but woke its maintenance task on the common pool at
 * nearly every registration: 13 µs of each stage call, measured just after a checkpoint's fsync.)
 */
final class ResultRegistry {
  /** What a registered result is known as. */
  static final class Known {
    private final String stage;
    private final String salt;
    private final WeakReference<StoredResult> bytes;
    private volatile Hash identity;

    private Known(StoredResult stored) {
      this.stage = stored.stage();
      this.salt = stored.salt();
      this.bytes = new WeakReference<>(stored.inMemory() ? stored : null);
      this.identity = stored.identityIfComputed();
    }

    String stage() {
      return stage;
    }

    Hash identity(Codec codec, Object value) {
      Hash hash = identity;
      if (hash == null) {
        StoredResult stored = bytes.get();
        hash = stored != null ? stored.identity() : StoredResult.identityOf(codec, value, salt);
        identity = hash;
      }
      return hash;
    }
  }

  private final ConcurrentHashMap<Object, Known> byIdentity = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  void register(Object result, StoredResult stored) {
    if (result != null) {
      dropCollected();
      byIdentity.put(new WeakKey(result, collected), new Known(stored));
    }
  }

  /** What {@code value} was returned as, or null. */
  Known lookup(Object value) {
    return value == null ? null : byIdentity.get(new Lookup(value));
  }

  /** How many results are registered, after dropping those that were collected. */
  long size() {
    dropCollected();
    return byIdentity.size();
  }

  private void dropCollected() {
    for (Reference<?> key; (key = collected.poll()) != null; ) {
      byIdentity.remove(key);
    }
  }

  /** A registered result, held weakly and compared by identity. */
  private static final class WeakKey extends WeakReference<Object> {
    private final int hash;

    WeakKey(Object result, ReferenceQueue<Object> queue) {
      super(result, queue);
      this.hash = System.identityHashCode(result);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object referent = get();
      return referent != null && other instanceof WeakKey key && key.get() == referent;
    }
  }

  /** A lookup of {@code value} among the {@link WeakKey}s, by identity. */
  private record Lookup(Object value) {
    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey key && key.get() == value;
    }
  }
}
