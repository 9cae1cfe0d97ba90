package dev.cairn.samples.digits;

/**
 * A small deterministic random generator (Steele, Lea and Flood's SplitMix64, the algorithm
 * behind {@link java.util.SplittableRandom}) whose whole state is one {@code long}. Unlike
 * {@code SplittableRandom}, that state can be read with {@link #state()} and restored with
 * {@link #resume(long)}, so a training loop can save it with its weights and continue exactly
 * where it stopped.
 *
 * <p>Not thread-safe; not for cryptography.
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  private SplitMix64(long state) {
    this.state = state;
  }

  /** A generator seeded with {@code seed}; the same seed always gives the same sequence. */
  public static SplitMix64 seeded(long seed) {
    return new SplitMix64(mix(seed));
  }

  /** A generator that continues from a {@link #state()} captured earlier. */
  public static SplitMix64 resume(long state) {
    return new SplitMix64(state);
  }

  /** The whole state: {@code resume(state())} continues with the same numbers as this one. */
  public long state() {
    return state;
  }

  /** The next 64 pseudo-random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}, without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    int bits = (int) (nextLong() >>> 33);
    int mask = bound - 1;
    if ((bound & mask) == 0) {
      return (int) ((bound * (long) bits) >> 31);
    }
    int value = bits % bound;
    while (bits - value + mask < 0) {
      bits = (int) (nextLong() >>> 33);
      value = bits % bound;
    }
    return value;
  }

  /** Uniform in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Shuffles {@code values} in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
