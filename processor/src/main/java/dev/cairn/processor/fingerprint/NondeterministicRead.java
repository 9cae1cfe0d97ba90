package dev.cairn.processor.fingerprint;

import com.sun.source.util.TreePath;

/**
 * A call, in a stage or in code it reaches, to a source of values its key cannot see.
 *
 * @param source what kind of value is read
 * @param call how the call reads in a message, e.g. {@code System.currentTimeMillis()}
 * @param site the call in the syntax tree (valid in the current round only)
 */
public record NondeterministicRead(NondeterministicSource source, String call, TreePath site) {}
