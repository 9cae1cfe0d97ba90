package dev.cairn.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A local directory without process locks, as an object store is: Cairn locks stage calls with
 * lease objects under {@code locks/} on it. Tests extend it to make a store misbehave.
 */
class LeaseStore implements CheckpointStore {
  private final LocalDirectoryStore real;

  LeaseStore(Path dir) {
    real = new LocalDirectoryStore(dir);
  }

  @Override
  public boolean putIfAbsent(String name, Content content) throws IOException {
    return real.putIfAbsent(name, content);
  }

  @Override
  public boolean putIfAbsent(String name, Content content, Durability durability) throws IOException {
    return real.putIfAbsent(name, content, durability);
  }

  @Override
  public void put(String name, Content content) throws IOException {
    real.put(name, content);
  }

  @Override
  public void put(String name, Content content, Durability durability) throws IOException {
    real.put(name, content, durability);
  }

  @Override
  public Optional<byte[]> get(String name) throws IOException {
    return real.get(name);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return real.list(prefix);
  }

  @Override
  public boolean delete(String name) throws IOException {
    return real.delete(name);
  }

  @Override
  public String setAside(String name) throws IOException {
    return real.setAside(name);
  }

  @Override
  public String describe() {
    return real.describe() + " (lease locks)";
  }

  @Override
  public void close() {}
}
