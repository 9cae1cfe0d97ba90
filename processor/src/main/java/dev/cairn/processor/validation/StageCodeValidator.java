package dev.cairn.processor.validation;

import com.sun.source.util.Trees;
import dev.cairn.processor.fingerprint.NondeterministicRead;
import dev.cairn.processor.model.PipelineStage;

/**
 * Checks what the fingerprint walk found in a stage's code: each call to a nondeterministic
 * source (clock, unseeded random, environment, system property, random UUID), reported where
 * the call is, unless {@code @SuppressWarnings("cairn")} is on a declaration around the call or
 * on the stage or its class.
 */
public final class StageCodeValidator {
  private final Trees trees;

  public StageCodeValidator(Trees trees) {
    this.trees = trees;
  }

  /** Reports on {@code stage}, which must have been fingerprinted. */
  public void validate(PipelineStage stage, Report report) {
    if (Suppressions.isSuppressed(stage.method())) {
      return;
    }
    for (NondeterministicRead read : stage.code().orElseThrow().nondeterministicReads()) {
      if (!Suppressions.isSuppressed(trees, read.site())) {
        report.add(Message.NONDETERMINISTIC_READ, read.site(), stage.signature(),
            read.source().description(), read.call(), read.source().advice());
      }
    }
  }
}
