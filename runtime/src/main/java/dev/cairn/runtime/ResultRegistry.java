package dev.cairn.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers, by object identity and weakly, which objects were returned by stage calls, so that
 * passing one to another stage keys it by the result's {@link StoredResult#identity() identity}
 * without serializing it again.
 *
 * <p>Stage results are treated as values: an object mutated after it was returned and then passed
 * to another stage is keyed by what it was returned as.
 */
final class ResultRegistry {
  private final Cache<Object, StoredResult> byIdentity = Caffeine.newBuilder().weakKeys().build();

  void register(Object result, StoredResult stored) {
    if (result != null) {
      byIdentity.put(result, stored);
    }
  }

  /** The stored result {@code value} was returned as, or null. */
  StoredResult lookup(Object value) {
    return byIdentity.getIfPresent(value);
  }
}
