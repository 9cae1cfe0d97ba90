package dev.cairn.processor.fingerprint;

import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/** Tells the fingerprint walk which methods are stages, and their ids. */
@FunctionalInterface
public interface StageIdentity {
  /** The stage id of {@code method}, or empty when it is not a {@code @Stage} method. */
  Optional<String> stageId(ExecutableElement method);
}
