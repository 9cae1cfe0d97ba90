package dev.cairn.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link CheckpointStore}: one file per object under a local directory.
 *
 * <p><b>Commit protocol.</b> An object is written to a temporary file in its final directory
 * (named {@code .<name>.<pid>.<random>.tmp}, so it is never listed or read as an object), forced
 * to disk, then published: {@link #putIfAbsent} hard-links it to its final name, which fails if
 * that name exists (the local equivalent of S3's {@code If-None-Match: *}); {@link #put} renames
 * it over the final name. Both are atomic; the directory is forced afterwards so the new name is
 * durable. A crash at any instant therefore leaves the old object or the new one, plus at worst a
 * temporary file that the next open removes once the process that wrote it is gone.
 *
 * <p>Several processes may share the directory: each writes its own temporary files and commits
 * with atomic operations, so writers never tear each other's objects.
 */
final class LocalDirectoryStore implements CheckpointStore {
  private static final Logger log = LoggerFactory.getLogger(LocalDirectoryStore.class);
  private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d+)\\.[0-9a-f]+\\.tmp");
  private static final String QUARANTINE = "quarantine";
  private static final long PID = ProcessHandle.current().pid();
  private static final int SLICE = 4 << 20;

  /**
   * The file whose byte ranges are the process locks, one open channel per file for the life of
   * the JVM: POSIX releases all of a process's locks on a file when any descriptor of that file is
   * closed, so two stores on the same directory must share one channel and never close it.
   */
  private static final ConcurrentHashMap<Path, FileChannel> LOCK_FILES = new ConcurrentHashMap<>();

  private final Path root;
  private volatile Optional<ProcessLocks> processLocks;

  LocalDirectoryStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    checkUsable();
    removeAbandonedTempFiles();
  }

  /**
   * Byte-range locks on {@code locks/.process-locks}: the lock on a name is one byte at an offset
   * derived from its SHA-256, so taking it is one {@code fcntl} call and leaves nothing on disk to
   * clean up after a crash. Two names that meet at one offset (one chance in 2^62) only wait for
   * each other. A file system that refuses locks (some network mounts) gets lease objects instead.
   */
  @Override
  public Optional<ProcessLocks> processLocks() {
    Optional<ProcessLocks> locks = processLocks;
    if (locks == null) {
      locks = probeLocks();
      processLocks = locks;
    }
    return locks;
  }

  private Optional<ProcessLocks> probeLocks() {
    try {
      FileChannel channel = lockFile();
      Optional<Closeable> probe = tryLock(channel, "probe");
      if (probe.isPresent()) {
        probe.get().close();
      }
      return Optional.of(name -> tryLock(channel, name));
    } catch (IOException e) {
      log.info("{} does not support file locks ({}); using lease files under locks/ instead.",
          root, e.toString());
      return Optional.empty();
    }
  }

  private FileChannel lockFile() throws IOException {
    Path file = root.resolve("locks").resolve(".process-locks"); // a dot name: never an object
    FileChannel channel = LOCK_FILES.get(file);
    if (channel != null) {
      return channel;
    }
    Files.createDirectories(file.getParent());
    FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileChannel raced = LOCK_FILES.putIfAbsent(file, opened);
    if (raced != null) {
      opened.close(); // no lock was taken through it yet, so closing it releases none
      return raced;
    }
    return opened;
  }

  private static Optional<Closeable> tryLock(FileChannel channel, String name) throws IOException {
    long offset = Hash.of(name).prefix() & ((1L << 62) - 1);
    FileLock lock;
    try {
      lock = channel.tryLock(offset, 1, false);
    } catch (OverlappingFileLockException e) {
      return Optional.empty(); // held in this JVM, by another Cairn on the same directory
    }
    return lock == null ? Optional.empty() : Optional.of(lock::release);
  }

  @Override
  public boolean putIfAbsent(String name, Content content) throws IOException {
    return putIfAbsent(name, content, Durability.DURABLE);
  }

  @Override
  public boolean putIfAbsent(String name, Content content, Durability durability) throws IOException {
    Path target = resolve(name);
    boolean durable = durability == Durability.DURABLE;
    Path temp = writeTemp(target, content, durable); // callers look the name up first: no check here
    try {
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException linkFailed) {
        // File systems without hard links: an atomic rename, which cannot refuse to replace; a
        // concurrent writer of the same name then wins or loses whole, which is still safe.
        if (Files.exists(target)) {
          return false;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      if (durable) {
        forceDirectory(target.getParent());
      }
      return true;
    } finally {
      removeTemp(temp);
    }
  }

  @Override
  public void put(String name, Content content) throws IOException {
    put(name, content, Durability.DURABLE);
  }

  @Override
  public void put(String name, Content content, Durability durability) throws IOException {
    Path target = resolve(name);
    boolean durable = durability == Durability.DURABLE;
    Path temp = writeTemp(target, content, durable);
    try {
      moveAtomically(temp, target);
    } catch (IOException | RuntimeException e) {
      removeTemp(temp);
      throw e;
    }
    if (durable) {
      forceDirectory(target.getParent());
    }
  }

  @Override
  public Optional<byte[]> get(String name) throws IOException {
    Path file = resolve(name);
    if (!file.toFile().exists()) {
      return Optional.empty(); // a miss without the cost of an exception: every save makes three
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(name + " is larger than 2 GB, which Cairn cannot read into memory");
      }
      byte[] bytes = new byte[(int) size];
      // In slices: the JDK reads into a heap array through a temporary direct buffer as large as
      // the request, and keeps it cached per thread.
      for (int offset = 0; offset < bytes.length; ) {
        int n = channel.read(ByteBuffer.wrap(bytes, offset, Math.min(SLICE, bytes.length - offset)));
        if (n < 0) {
          throw new IOException(name + " shrank while it was read");
        }
        offset += n;
      }
      return Optional.of(bytes);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Path file : regularFiles(start)) {
      String name = nameOf(file);
      if (!file.getFileName().toString().startsWith(".") && name.startsWith(prefix)) {
        names.add(name);
      }
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public boolean delete(String name) throws IOException {
    return Files.deleteIfExists(resolve(name));
  }

  @Override
  public String setAside(String name) throws IOException {
    Path source = resolve(name);
    String stamp = Instant.now().toString().replace(':', '-');
    Path target = resolve(QUARANTINE + "/" + name + "." + stamp);
    Files.createDirectories(target.getParent());
    moveAtomically(source, target);
    return nameOf(target);
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {}

  Path root() {
    return root;
  }

  private Path writeTemp(Path target, Content content, boolean durable) throws IOException {
    Path temp =
        target.resolveSibling(
            "." + target.getFileName() + "." + PID + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
    try (FileChannel channel = createTemp(temp, durable)) {
      content.writeTo(channel);
      if (durable) {
        channel.force(true);
      }
    } catch (IOException | RuntimeException | Error e) {
      removeTemp(temp);
      throw e;
    }
    return temp;
  }

  /**
   * Removes a temporary file if it is there: one {@code unlink}, without the {@code stat} and the
   * exception of {@link Files#deleteIfExists}, and never failing the write it belonged to (a
   * leftover is removed by the next open of the store once this process is gone).
   */
  private static void removeTemp(Path temp) {
    if (!temp.toFile().delete() && Files.exists(temp)) {
      log.warn("Could not remove the temporary file {}; it is removed when the store is next "
          + "opened after this process ends.", temp);
    }
  }

  /**
   * Creates the temporary file, and its directory the first time (the common case is one call).
   * A directory created for a durable write is made durable too: its parent is forced, or a crash
   * could lose the new directory, and the checkpoint in it, after the write was reported done.
   */
  private static FileChannel createTemp(Path temp, boolean durable) throws IOException {
    try {
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      Path highestMissing = temp.getParent();
      while (highestMissing.getParent() != null && !Files.isDirectory(highestMissing.getParent())) {
        highestMissing = highestMissing.getParent();
      }
      Files.createDirectories(temp.getParent());
      if (durable) {
        for (Path created = temp.getParent(); created.startsWith(highestMissing); created = created.getParent()) {
          forceDirectory(created.getParent());
        }
      }
      return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + target + " cannot rename atomically; Cairn needs that to commit "
              + "checkpoints safely. Use a local file system for the store.", e);
    }
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; their rename is durable on its own.
      log.debug("could not force directory {}", directory, e);
    }
  }

  private Path resolve(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("//")) {
      throw new IllegalArgumentException("invalid object name: '" + name + "'");
    }
    for (String part : name.split("/")) {
      if (part.equals("..") || part.equals(".") || part.startsWith(".")) {
        throw new IllegalArgumentException("invalid object name: '" + name + "'");
      }
    }
    return root.resolve(name);
  }

  private String nameOf(Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }

  private void checkUsable() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cairn store directory " + root + " does not exist and cannot be created (" + e
              + "). Choose a writable directory with Cairn.builder().directory(...).", e);
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(
          "Cairn store directory " + root + " is not a directory. Choose another path with "
              + "Cairn.builder().directory(...).");
    }
    Path probe = root.resolve(".write-probe." + PID + ".tmp");
    try {
      Files.write(probe, new byte[0]);
      Files.delete(probe);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cairn store directory " + root + " is not writable (" + e + "). Checkpoints cannot be "
              + "saved there; fix its permissions or choose another directory with "
              + "Cairn.builder().directory(...).", e);
    }
  }

  private void removeAbandonedTempFiles() {
    try {
      regularFiles(root).forEach(this::removeIfAbandoned);
    } catch (IOException e) {
      log.warn("could not scan {} for abandoned temporary files: {}", root, e.toString());
    }
  }

  /**
   * The regular files under {@code start}. Other processes write into the same store at the same
   * time, so a file listed by its directory may be renamed or removed before it is looked at: such
   * files (a writer's temporary file, a pruned snapshot) are skipped instead of failing the walk.
   */
  static List<Path> regularFiles(Path start) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        return continueUnlessFailed(e);
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        return continueUnlessFailed(e);
      }

      /** A file or directory that vanished while the walk ran is not a failure. */
      private FileVisitResult continueUnlessFailed(IOException e) throws IOException {
        if (e == null || e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    return files;
  }

  private void removeIfAbandoned(Path file) {
    Matcher m = TEMP.matcher(file.getFileName().toString());
    if (!m.matches()) {
      return;
    }
    long writer = Long.parseLong(m.group(1));
    if (ProcessHandle.of(writer).map(ProcessHandle::isAlive).orElse(false)) {
      return;
    }
    try {
      Files.deleteIfExists(file);
      log.debug("removed abandoned temporary file {}", file);
    } catch (IOException e) {
      log.warn("could not remove abandoned temporary file {}: {}", file, e.toString());
    }
  }
}
