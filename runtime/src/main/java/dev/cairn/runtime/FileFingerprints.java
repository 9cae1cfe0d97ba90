package dev.cairn.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fingerprints of files and directory trees by content, for {@code Path} and {@code File}
 * arguments. A file's hash is cached by its absolute path, size and modification time, so a large
 * unchanged input is read once per JVM. A directory's hash covers the relative names and contents
 * of every regular file below it, in sorted order; a missing path has a hash of its own, so it
 * appearing later changes the key.
 */
final class FileFingerprints {
  private record Cached(long size, long modified, Hash hash) {}

  private final ConcurrentHashMap<Path, Cached> cache = new ConcurrentHashMap<>();

  Hash hash(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Hash.of("cairn-missing-path\0");
    }
    if (attributes.isDirectory()) {
      return hashDirectory(absolute);
    }
    return hashFile(absolute, attributes);
  }

  private Hash hashFile(Path file, BasicFileAttributes attributes) throws IOException {
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().toMillis();
    Cached cached = cache.get(file);
    if (cached != null && cached.size == size && cached.modified == modified) {
      return cached.hash;
    }
    MessageDigest digest = Hash.newDigest();
    digest.update("cairn-file\0".getBytes(StandardCharsets.UTF_8));
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    Hash hash = Hash.finish(digest);
    cache.put(file, new Cached(size, modified, hash));
    return hash;
  }

  private Hash hashDirectory(Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .collect(Collectors.toList());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    MessageDigest digest = Hash.newDigest();
    digest.update("cairn-directory\0".getBytes(StandardCharsets.UTF_8));
    for (Path file : files) {
      String relative = directory.relativize(file).toString().replace('\\', '/');
      digest.update(relative.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      hashFile(file, Files.readAttributes(file, BasicFileAttributes.class)).addTo(digest);
    }
    return Hash.finish(digest);
  }
}
