package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastInputsTest {
  @TempDir Path dir;

  @Test
  void aComputedCallIsKnownAtOnceAndInTheStoreAfterClose() {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    LastInputs inputs = new LastInputs(store);
    assertNull(inputs.of("s"), "nothing recorded yet");
    inputs.computed("s", Map.of("code", "c1"));
    assertEquals("c1", inputs.of("s").get("code"), "known in this JVM before it is written");
    inputs.close();
    assertTrue(Files.exists(dir.resolve(CheckpointNames.lastInputs("s"))), "written at close");
    Map<String, String> reread = new LastInputs(store).of("s");
    assertEquals("c1", reread.get("code"));
    assertEquals(KeyBuilder.FORMAT, reread.get("keyFormat"));
  }

  @Test
  void theLatestCallOfAStageWins() {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    try (LastInputs inputs = new LastInputs(store)) {
      inputs.computed("s", Map.of("code", "c1"));
      inputs.computed("s", Map.of("code", "c2"));
    }
    assertEquals("c2", new LastInputs(store).of("s").get("code"));
  }
}
