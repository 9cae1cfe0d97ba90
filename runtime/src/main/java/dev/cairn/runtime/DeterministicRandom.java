package dev.cairn.runtime;

import java.util.random.RandomGenerator;

/**
 * A random generator for a running stage whose whole state is one {@code long}, saved with every
 * {@link Progress} snapshot and restored with it, so that a stage resumed after a crash draws
 * exactly the numbers an uninterrupted run would have drawn. Seeded from the stage call's key, so
 * equal calls draw equal sequences.
 *
 * <p>The algorithm is SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), the one behind
 * {@link java.util.SplittableRandom}; every other method ({@code nextInt(bound)},
 * {@code nextDouble()}, {@code nextGaussian()}, ...) is {@link RandomGenerator}'s stateless
 * default derived from {@link #nextLong()}, so it is deterministic too. Not thread safe.
 */
public final class DeterministicRandom implements RandomGenerator {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;

  DeterministicRandom(long seed) {
    this.state = seed;
  }

  @Override
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Shuffles {@code values} in place (Fisher–Yates), drawing from this generator. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  long state() {
    return state;
  }

  void restore(long state) {
    this.state = state;
  }
}
