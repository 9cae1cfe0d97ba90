package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRegistryTest {
  private static StoredResult stored(String stage) {
    return new StoredResult(new byte[] {1, 2, 3}, 0, 3, ByteOrder.nativeOrder(), 0, stage, "",
        List.of());
  }

  @Test
  void remembersAResultWhileItsCallerHoldsIt() {
    ResultRegistry registry = new ResultRegistry();
    Object result = new Object();
    registry.register(result, stored("a.stage"));
    assertEquals("a.stage", registry.lookup(result).stage());
    assertEquals(1, registry.size());
    assertSame(null, registry.lookup(new Object()));
  }

  @Test
  void knowsResultsByIdentityNotByEquality() {
    ResultRegistry registry = new ResultRegistry();
    List<Integer> result = List.of(1, 2);
    List<Integer> equalCopy = new ArrayList<>(result);
    registry.register(result, stored("first"));
    assertSame(null, registry.lookup(equalCopy), "an equal object that no stage returned");
    registry.register(equalCopy, stored("second"));
    registry.register(result, stored("again"));
    assertEquals("again", registry.lookup(result).stage());
    assertEquals("second", registry.lookup(equalCopy).stage());
    assertEquals(2, registry.size());
    assertSame(null, registry.lookup(null));
  }

  @Test
  void forgetsResultsOnceTheyAreCollected() throws Exception {
    ResultRegistry registry = new ResultRegistry();
    int registered = 10_000;
    for (int i = 0; i < registered; i++) {
      registry.register(new int[16], stored("s"));
    }
    Object kept = new Object();
    registry.register(kept, stored("kept"));
    long size = registry.size();
    for (int attempt = 0; attempt < 20 && size > registered / 2; attempt++) {
      System.gc();
      Thread.sleep(20);
      size = registry.size();
    }
    assertTrue(size <= registered / 2, "still registered after GC: " + size);
    assertEquals("kept", registry.lookup(kept).stage());
  }
}
