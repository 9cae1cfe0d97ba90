package dev.cairn.processor.fingerprint;

import java.util.List;
import java.util.Set;

/**
 * What the fingerprint walk learned about one stage.
 *
 * @param fingerprint SHA-256 (hex) of {@code canonicalText}
 * @param canonicalText the canonical encoding of the stage and everything it reaches
 * @param keyedFields names of the keyed pipeline fields the stage reads, directly or through
 *     what it reaches (non-static, not {@code transient}, not {@code @NotKeyed}), sorted
 * @param calledStages ids of the other stages it calls (their bodies are not included)
 * @param nondeterministicReads calls to sources its key cannot see
 * @param unresolved names that did not resolve (types another processor has yet to generate);
 *     when not empty, the fingerprint is meaningless and the pipeline must be deferred
 */
public record StageCode(
    String fingerprint,
    String canonicalText,
    List<String> keyedFields,
    List<String> calledStages,
    List<NondeterministicRead> nondeterministicReads,
    Set<String> unresolved) {

  public StageCode {
    keyedFields = List.copyOf(keyedFields);
    calledStages = List.copyOf(calledStages);
    nondeterministicReads = List.copyOf(nondeterministicReads);
    unresolved = Set.copyOf(unresolved);
  }

  public boolean isResolved() {
    return unresolved.isEmpty();
  }
}
