package dev.cairn.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.ref.WeakReference;

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

  /**
   * Its upkeep (dropping entries whose results were collected) runs on the common pool. Running
   * it on the registering thread instead spares waking that pool every few stage calls, but made
   * a 1 MiB save 0.1-0.3 ms slower (SaveBenchmark, back to back), so it stays there.
   */
  private final Cache<Object, Known> byIdentity = Caffeine.newBuilder().weakKeys().build();

  void register(Object result, StoredResult stored) {
    if (result != null) {
      byIdentity.put(result, new Known(stored));
    }
  }

  /** What {@code value} was returned as, or null. */
  Known lookup(Object value) {
    return byIdentity.getIfPresent(value);
  }

  /** How many results are registered, after dropping those that were collected. */
  long size() {
    byIdentity.cleanUp();
    return byIdentity.estimatedSize();
  }
}
