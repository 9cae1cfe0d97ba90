package dev.cairn.processor.model;

import java.util.List;
import java.util.function.UnaryOperator;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A class that declares {@code @Stage} methods, and what its generated subclass needs.
 *
 * @param element the pipeline class
 * @param packageName the package of the pipeline class and of the generated class
 * @param generatedSimpleName {@code Resumable<SimpleName>}, or {@code Resumable<Outer>_<Inner>}
 *     for a nested class
 * @param constructors the pipeline's constructors that are not private, in declaration order
 * @param stages its own stages in declaration order, then inherited ones, nearest superclass
 *     first
 */
public record PipelineClass(
    TypeElement element,
    String packageName,
    String generatedSimpleName,
    List<ExecutableElement> constructors,
    List<PipelineStage> stages) {

  public PipelineClass {
    constructors = List.copyOf(constructors);
    stages = List.copyOf(stages);
  }

  /** The qualified name of the generated class. */
  public String generatedQualifiedName() {
    return packageName.isEmpty() ? generatedSimpleName : packageName + "." + generatedSimpleName;
  }

  /** This model with each stage replaced by {@code update}'s result. */
  public PipelineClass withStages(UnaryOperator<PipelineStage> update) {
    return new PipelineClass(element, packageName, generatedSimpleName, constructors,
        stages.stream().map(update).toList());
  }

  /** This model with only the given stages. */
  public PipelineClass withStages(List<PipelineStage> kept) {
    return new PipelineClass(element, packageName, generatedSimpleName, constructors, kept);
  }
}
