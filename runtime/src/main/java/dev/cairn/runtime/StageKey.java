package dev.cairn.runtime;

import java.util.Map;

/**
 * The key of one stage call and the inputs it was made of, kept so that a later run can say which
 * one changed.
 *
 * @param stage the stage id
 * @param hash SHA-256 over all components
 * @param inputs the components in order: {@code stage}, {@code code}, {@code version},
 *     {@code generation}, {@code arg.<name>}, {@code field.<name>}
 * @param upstream for arguments that are results of earlier stage calls, the producing stage id
 * @param files for arguments that name files or directories, their path
 */
record StageKey(String stage, Hash hash, Map<String, String> inputs, Map<String, String> upstream,
    Map<String, String> files) {}
