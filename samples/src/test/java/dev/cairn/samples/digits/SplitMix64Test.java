package dev.cairn.samples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

  @Test
  void resumingFromACapturedStateContinuesTheSameSequence() {
    SplitMix64 original = SplitMix64.seeded(42);
    for (int i = 0; i < 10; i++) {
      original.nextLong();
    }
    SplitMix64 resumed = SplitMix64.resume(original.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(original.nextLong(), resumed.nextLong());
    }
  }

  @Test
  void nextIntStaysInRangeAndCoversIt() {
    SplitMix64 random = SplitMix64.seeded(1);
    int[] seen = new int[7];
    for (int i = 0; i < 7000; i++) {
      seen[random.nextInt(7)]++;
    }
    for (int count : seen) {
      assertTrue(count > 800 && count < 1200, "count " + count);
    }
  }
}
