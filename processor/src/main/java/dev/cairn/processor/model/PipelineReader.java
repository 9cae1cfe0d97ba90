package dev.cairn.processor.model;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import dev.cairn.processor.fingerprint.CanonicalNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Reads a pipeline class into a {@link PipelineClass}, from the element API only. */
public final class PipelineReader {
  private static final String STAGE = Stage.class.getCanonicalName();

  private final Elements elements;
  private final CanonicalNames names;

  public PipelineReader(Elements elements, CanonicalNames names) {
    this.elements = elements;
    this.names = names;
  }

  /** Reads {@code type}, a class declaring at least one {@code @Stage} method. */
  public PipelineClass read(TypeElement type) {
    List<ExecutableElement> constructors = new ArrayList<>();
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
        constructors.add(constructor);
      }
    }
    List<PipelineStage> stages = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (isStage(method)) {
        stages.add(stage(method, type));
      }
    }
    stages.addAll(inheritedStages(type));
    return new PipelineClass(
        type,
        elements.getPackageOf(type).getQualifiedName().toString(),
        generatedSimpleName(type),
        constructors,
        stages);
  }

  /**
   * The stages that {@code type} inherits and does not override: overridable ones (not private,
   * static or final, and package-private only within the same package).
   */
  private List<PipelineStage> inheritedStages(TypeElement type) {
    List<PipelineStage> inherited = new ArrayList<>();
    List<TypeElement> nearer = new ArrayList<>();
    nearer.add(type);
    for (TypeElement superclass = superclass(type); superclass != null;
        superclass = superclass(superclass)) {
      for (ExecutableElement method : ElementFilter.methodsIn(superclass.getEnclosedElements())) {
        if (isStage(method) && isOverridableFrom(method, type) && !isOverridden(method, nearer, type)) {
          inherited.add(stage(method, superclass));
        }
      }
      nearer.add(superclass);
    }
    return inherited;
  }

  private boolean isOverridableFrom(ExecutableElement method, TypeElement type) {
    if (method.getModifiers().contains(Modifier.PRIVATE)
        || method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.FINAL)) {
      return false;
    }
    boolean packagePrivate = !method.getModifiers().contains(Modifier.PUBLIC)
        && !method.getModifiers().contains(Modifier.PROTECTED);
    return !packagePrivate || elements.getPackageOf(method).equals(elements.getPackageOf(type));
  }

  private boolean isOverridden(ExecutableElement method, List<TypeElement> nearer, TypeElement type) {
    for (TypeElement subclass : nearer) {
      for (ExecutableElement candidate : ElementFilter.methodsIn(subclass.getEnclosedElements())) {
        if (elements.overrides(candidate, method, type)) {
          return true;
        }
      }
    }
    return false;
  }

  private PipelineStage stage(ExecutableElement method, TypeElement declaringClass) {
    Stage annotation = method.getAnnotation(Stage.class);
    boolean explicitName = !annotation.name().isEmpty();
    List<StageParameter> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameters.add(new StageParameter(
          parameter.getSimpleName().toString(), parameter.getAnnotation(NotKeyed.class) == null));
    }
    return new PipelineStage(
        method,
        declaringClass,
        annotationMirror(method, STAGE).orElse(null),
        explicitName ? annotation.name() : defaultId(method, declaringClass),
        explicitName,
        annotation.version(),
        method.getAnnotation(Checkpoint.class) != null,
        parameters,
        Optional.empty());
  }

  /** {@code <binary class name>.<method>(<erased parameter types, fully qualified>)}. */
  public String defaultId(ExecutableElement method, TypeElement declaringClass) {
    return elements.getBinaryName(declaringClass) + "." + method.getSimpleName()
        + "(" + names.erasedParameters(method, ",") + ")";
  }

  /** The stage id of {@code method}, when it is a {@code @Stage} method. */
  public Optional<String> stageId(ExecutableElement method) {
    Stage annotation = method.getAnnotation(Stage.class);
    if (annotation == null || !(method.getEnclosingElement() instanceof TypeElement)) {
      return Optional.empty();
    }
    return Optional.of(annotation.name().isEmpty()
        ? defaultId(method, (TypeElement) method.getEnclosingElement())
        : annotation.name());
  }

  /** {@code ResumableTrainingPipeline}; {@code ResumableOuter_Inner} for a nested class. */
  public static String generatedSimpleName(TypeElement type) {
    Deque<String> simpleNames = new ArrayDeque<>();
    Element current = type;
    while (current instanceof TypeElement) {
      simpleNames.addFirst(current.getSimpleName().toString());
      if (((TypeElement) current).getNestingKind() != NestingKind.MEMBER) {
        break;
      }
      current = current.getEnclosingElement();
    }
    return "Resumable" + String.join("_", simpleNames);
  }

  public static boolean isStage(ExecutableElement method) {
    return method.getAnnotation(Stage.class) != null;
  }

  /** The annotation of type {@code qualifiedName} on {@code element}, if present. */
  public static Optional<AnnotationMirror> annotationMirror(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
      if (annotationType.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The direct superclass of {@code type}, or null for Object and non-classes. */
  public static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
    return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
  }
}
