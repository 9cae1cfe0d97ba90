package dev.cairn.processor.model;

import dev.cairn.processor.fingerprint.StageCode;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Stage} method of a pipeline class.
 *
 * @param method the stage method, declared in {@code declaringClass}
 * @param declaringClass the pipeline class, or the superclass the stage is inherited from
 * @param annotation the {@code @Stage} annotation, for diagnostics
 * @param id {@code @Stage(name)}, or {@code <binary class name>.<method>(<erased parameter
 *     types>)} of the declaring class
 * @param explicitName whether {@code id} came from {@code @Stage(name)}
 * @param version {@code @Stage(version)}, empty by default
 * @param checkpoint whether the method also carries {@code @Checkpoint}
 * @param parameters the method's parameters, in order
 * @param code the fingerprint walk's result, once computed
 */
public record PipelineStage(
    ExecutableElement method,
    TypeElement declaringClass,
    AnnotationMirror annotation,
    String id,
    boolean explicitName,
    String version,
    boolean checkpoint,
    List<StageParameter> parameters,
    Optional<StageCode> code) {

  public PipelineStage {
    parameters = List.copyOf(parameters);
  }

  /** Whether the stage is declared in a superclass of the pipeline class. */
  public boolean isInheritedBy(TypeElement pipeline) {
    return !declaringClass.equals(pipeline);
  }

  /** This stage with its fingerprint walk's result. */
  public PipelineStage withCode(StageCode stageCode) {
    return new PipelineStage(method, declaringClass, annotation, id, explicitName, version, checkpoint,
        parameters, Optional.of(stageCode));
  }

  /** The method as a reader knows it: {@code load(Path)}. */
  public String signature() {
    return Signatures.of(method);
  }
}
