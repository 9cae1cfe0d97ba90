package dev.cairn.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Optional;

/**
 * Where checkpoints, progress snapshots and run records are kept: a flat namespace of immutable
 * objects named by {@code /}-separated paths such as {@code checkpoints/digits.train-1a2b/5f...ckpt}.
 *
 * <p>The contract is the one an object store can keep: an object appears whole or not at all
 * (a reader never sees a torn write), {@link #putIfAbsent} creates an object only if none exists
 * (on S3 a conditional write with {@code If-None-Match: *}), {@link #put} replaces one atomically,
 * and there is no rename. The built-in implementation, used by {@link Cairn.Builder#directory},
 * keeps each object in a file under a local directory and commits it with fsync and an atomic
 * link or rename.
 *
 * <p>Implementations must be safe for use by several threads, and by several processes sharing
 * the same storage.
 */
public interface CheckpointStore extends AutoCloseable {

  /** Writes an object's bytes to a channel; may be called more than once if a write is retried. */
  @FunctionalInterface
  interface Content {
    void writeTo(WritableByteChannel channel) throws IOException;
  }

  /** Whether a write must survive a crash of the machine, or only be atomic. */
  enum Durability {
    /** Atomic, and on stable storage before the call returns: checkpoints, snapshots, runs. */
    DURABLE,
    /**
     * Atomic only: after a power loss the object may be missing. For bookkeeping whose loss is
     * harmless (locks, which expire anyway; explanations of the last run), where a store can
     * skip fsyncs.
     */
    ATOMIC
  }

  /**
   * Creates {@code name} with the given content and makes it durable, unless an object of that
   * name exists already.
   *
   * @return true if this call created the object, false if it existed
   * @throws IOException if the object could not be written; nothing is visible under {@code name}
   *     then, and what existed before is unchanged
   */
  boolean putIfAbsent(String name, Content content) throws IOException;

  /**
   * {@link #putIfAbsent(String, Content)} with the given durability; stores that cannot skip the
   * cost of durability need not override it.
   */
  default boolean putIfAbsent(String name, Content content, Durability durability) throws IOException {
    return putIfAbsent(name, content);
  }

  /**
   * Creates or atomically replaces {@code name} with the given content and makes it durable.
   *
   * @throws IOException if the object could not be written; the previous object, if any, is
   *     unchanged then
   */
  void put(String name, Content content) throws IOException;

  /**
   * {@link #put(String, Content)} with the given durability; stores that cannot skip the cost of
   * durability need not override it.
   */
  default void put(String name, Content content, Durability durability) throws IOException {
    put(name, content);
  }

  /**
   * Reads a whole object.
   *
   * @return the object's bytes, or empty if there is no object of that name
   */
  Optional<byte[]> get(String name) throws IOException;

  /** Names of the objects whose names start with {@code prefix}, in lexicographic order. */
  List<String> list(String prefix) throws IOException;

  /**
   * Deletes an object.
   *
   * @return true if it existed
   */
  boolean delete(String name) throws IOException;

  /**
   * Moves a damaged object out of the way, keeping it for inspection: afterwards {@code name} is
   * free and the object is no longer returned by {@link #get} or {@link #list}.
   *
   * @return a description of where the object went, for the warning that reports it
   */
  String setAside(String name) throws IOException;

  /**
   * Locks that the operating system releases when the process holding them ends, however it ends
   * (a {@code kill -9} included), if this store has them: a local file system's byte-range locks.
   * Cairn then uses them to keep several processes from computing the same checkpoint; a store
   * without them (an object store) returns empty, and Cairn uses lease objects under
   * {@code locks/} instead, which it renews while it computes and which others take over once
   * they expire.
   */
  default Optional<ProcessLocks> processLocks() {
    return Optional.empty();
  }

  /** Exclusive locks on names, held until closed or until the holding process ends. */
  @FunctionalInterface
  interface ProcessLocks {
    /**
     * Takes the lock on {@code name} if no other process holds it; never waits.
     *
     * @return the held lock (closing it releases it), or empty if another process holds it
     */
    Optional<Closeable> tryLock(String name) throws IOException;
  }

  /** A human-readable location for messages, such as the directory path. */
  String describe();

  @Override
  void close() throws IOException;
}
