package dev.cairn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryStoreTest {
  @TempDir Path dir;

  private static CheckpointStore.Content text(String s) {
    return channel -> channel.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void putIfAbsentCreatesOnceAndNeverReplaces() throws IOException {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    assertTrue(store.putIfAbsent("a/b/one", text("first")));
    assertFalse(store.putIfAbsent("a/b/one", text("second")));
    assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), store.get("a/b/one").orElseThrow());
    assertEquals(0, temporaryFiles());
  }

  @Test
  void putReplacesAtomically() throws IOException {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    store.put("runs/r", text("1"));
    store.put("runs/r", text("2"));
    assertEquals("2", new String(store.get("runs/r").orElseThrow(), StandardCharsets.UTF_8));
    assertEquals(0, temporaryFiles());
  }

  @Test
  void failedWriteLeavesNothingVisibleAndNoTemporaryFile() throws IOException {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    CheckpointStore.Content failing = channel -> {
      channel.write(ByteBuffer.wrap(new byte[] {1, 2}));
      throw new IOException("disk full");
    };
    assertThrows(IOException.class, () -> store.putIfAbsent("x/y", failing));
    assertThrows(IOException.class, () -> store.put("x/z", failing));
    assertEquals(Optional.empty(), store.get("x/y"));
    assertEquals(Optional.empty(), store.get("x/z"));
    assertEquals(0, temporaryFiles());
  }

  private long temporaryFiles() throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  @Test
  void listSkipsTemporaryFilesAndSortsNames() throws IOException {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    store.put("c/2", text("b"));
    store.put("c/1", text("a"));
    store.put("d/1", text("a"));
    Files.writeString(dir.resolve("c/.1.123.abc.tmp"), "partial");
    assertEquals(List.of("c/1", "c/2"), store.list("c/"));
  }

  @Test
  void listIsNotDisturbedByFilesAnotherWriterRenamesAndRemoves() throws Exception {
    // A list racing a writer sees a temporary file in the directory that is gone (renamed into
    // place, or pruned) by the time it is examined; that must not fail the list.
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          store.put("p/k/" + (i % 4), text("snapshot " + i));
          store.delete("p/k/" + ((i + 2) % 4));
        }
      } catch (Throwable e) {
        writerFailure.set(e);
      }
    });
    writer.start();
    try {
      for (int i = 0; i < 3000; i++) {
        for (String name : store.list("p/")) {
          assertTrue(name.startsWith("p/k/"), name);
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertEquals(null, writerFailure.get());
  }

  @Test
  void temporaryFilesOfDeadProcessesAreRemovedOnOpen() throws IOException {
    Files.createDirectories(dir.resolve("c"));
    Path abandoned = Files.writeString(dir.resolve("c/.x.ckpt.2147483646.abc.tmp"), "partial");
    Path live = Files.writeString(
        dir.resolve("c/.y.ckpt." + ProcessHandle.current().pid() + ".abc.tmp"), "being written");
    new LocalDirectoryStore(dir);
    assertFalse(Files.exists(abandoned));
    assertTrue(Files.exists(live), "a temporary file of a live process is left alone");
  }

  @Test
  void setAsideMovesTheObjectOutOfTheWay() throws IOException {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    store.put("c/1", text("bad"));
    String where = store.setAside("c/1");
    assertTrue(where.startsWith("quarantine/c/1."), where);
    assertEquals(Optional.empty(), store.get("c/1"));
    assertTrue(store.putIfAbsent("c/1", text("good")));
  }

  @Test
  void unusableDirectoryIsAClearErrorAtStartup() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Cairn.builder().directory(file.resolve("store")).build());
    assertTrue(e.getMessage().contains(file.resolve("store").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("Cairn.builder().directory"), e.getMessage());
  }

  @Test
  void objectNamesCannotEscapeTheStore() {
    LocalDirectoryStore store = new LocalDirectoryStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.get("../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> store.get("/abs"));
  }
}
