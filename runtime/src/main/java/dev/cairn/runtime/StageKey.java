package dev.cairn.runtime;

import java.util.Map;

/**
 * The key of one stage call and the inputs it was made of ({@code code}, {@code version},
 * {@code arg.<name>}, {@code field.<name>}), kept so that a later run can say which one changed.
 */
record StageKey(String stage, Hash hash, Map<String, String> inputs) {}
