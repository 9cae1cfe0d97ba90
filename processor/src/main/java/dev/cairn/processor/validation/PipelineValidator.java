package dev.cairn.processor.validation;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.cairn.processor.model.PipelineClass;
import dev.cairn.processor.model.PipelineStage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/** Checks a class that declares {@code @Stage} methods, and its stages. */
public final class PipelineValidator {

  /**
   * Checks the kind of type that declares {@code stageMethods}: interfaces, enums and records
   * cannot be pipelines. Returns false when {@code type} cannot be one, after reporting why on
   * each stage method.
   */
  public boolean validateKind(
      TypeElement type, List<ExecutableElement> stageMethods, Report report) {
    Message message;
    switch (type.getKind()) {
      case CLASS:
        return true;
      case INTERFACE:
      case ANNOTATION_TYPE:
        message = Message.STAGE_IN_INTERFACE;
        break;
      case ENUM:
        message = Message.STAGE_IN_ENUM;
        break;
      default:
        message = Message.STAGE_IN_RECORD;
        break;
    }
    for (ExecutableElement method : stageMethods) {
      report.add(message, method, StageAnnotations.stage(method), type.getSimpleName());
    }
    return false;
  }

  /** Checks a pipeline class (a class kind) and its stages. */
  public void validate(PipelineClass pipeline, Report report) {
    validateClass(pipeline, report);
    for (PipelineStage stage : pipeline.stages()) {
      if (!stage.isInheritedBy(pipeline.element())) {
        validateStage(stage, report);
      }
    }
    validateIds(pipeline, report);
  }

  /**
   * Warns when the pipeline's top-level class is not the one its file is named after: javac
   * calls that an auxiliary class and, under {@code -Xlint}, reports every reference to it from
   * another file, which the generated class necessarily is.
   */
  public void validateSourceFile(PipelineClass pipeline, Trees trees, Report report) {
    Element top = pipeline.element();
    while (top.getEnclosingElement() instanceof TypeElement) {
      top = top.getEnclosingElement();
    }
    TreePath path = trees.getPath(top);
    if (path == null || Suppressions.isSuppressed(pipeline.element())) {
      return;
    }
    JavaFileObject file = path.getCompilationUnit().getSourceFile();
    String topName = top.getSimpleName().toString();
    if (!file.isNameCompatible(topName, JavaFileObject.Kind.SOURCE)) {
      String fileName = file.getName().substring(file.getName().lastIndexOf('/') + 1);
      report.add(Message.PIPELINE_IN_ANOTHER_FILE, pipeline.element(),
          pipeline.element().getSimpleName(), fileName, pipeline.generatedSimpleName(), topName,
          topName);
    }
  }

  private void validateClass(PipelineClass pipeline, Report report) {
    TypeElement type = pipeline.element();
    Set<Modifier> modifiers = type.getModifiers();
    String generated = pipeline.generatedSimpleName();
    if (modifiers.contains(Modifier.FINAL)) {
      report.add(Message.PIPELINE_FINAL, type, generated);
    }
    if (modifiers.contains(Modifier.ABSTRACT)) {
      report.add(Message.PIPELINE_ABSTRACT, type, generated);
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !modifiers.contains(Modifier.STATIC)) {
      report.add(Message.PIPELINE_INNER_CLASS, type, generated);
    }
    for (Element enclosing = type; enclosing instanceof TypeElement;
        enclosing = enclosing.getEnclosingElement()) {
      if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
        report.add(Message.PIPELINE_NOT_VISIBLE, type, generated, enclosing.getSimpleName());
        break;
      }
    }
    if (pipeline.constructors().isEmpty()) {
      report.add(Message.PIPELINE_NO_CONSTRUCTOR, type, generated);
    }
  }

  private void validateStage(PipelineStage stage, Report report) {
    ExecutableElement method = stage.method();
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      report.add(Message.STAGE_PRIVATE, method, stage.annotation());
    }
    if (modifiers.contains(Modifier.STATIC)) {
      report.add(Message.STAGE_STATIC, method, stage.annotation());
    }
    if (modifiers.contains(Modifier.FINAL)) {
      report.add(Message.STAGE_FINAL, method, stage.annotation());
    }
    if (stage.explicitName() && stage.id().isBlank()) {
      report.add(Message.BLANK_STAGE_NAME, method, stage.annotation());
    }
  }

  /** Each id once; the second and later uses are reported, on the stage when it is our own. */
  private void validateIds(PipelineClass pipeline, Report report) {
    Map<String, PipelineStage> first = new HashMap<>();
    for (PipelineStage stage : pipeline.stages()) {
      if (stage.id().isBlank()) {
        continue;
      }
      PipelineStage previous = first.putIfAbsent(stage.id(), stage);
      if (previous == null) {
        continue;
      }
      String user = previous.signature() + " in " + previous.declaringClass().getSimpleName();
      if (stage.isInheritedBy(pipeline.element())) {
        report.add(Message.DUPLICATE_STAGE_ID, pipeline.element(), stage.id(), user);
      } else {
        report.add(Message.DUPLICATE_STAGE_ID, stage.method(), stage.annotation(), stage.id(), user);
      }
    }
  }
}
