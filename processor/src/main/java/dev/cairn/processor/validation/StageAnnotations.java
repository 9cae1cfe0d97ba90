package dev.cairn.processor.validation;

import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import dev.cairn.processor.model.PipelineReader;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/** The mirrors of Cairn's annotations on an element, for pointing diagnostics at them. */
final class StageAnnotations {
  private StageAnnotations() {}

  static AnnotationMirror stage(Element element) {
    return PipelineReader.annotationMirror(element, Stage.class.getCanonicalName()).orElse(null);
  }

  static AnnotationMirror checkpoint(Element element) {
    return PipelineReader.annotationMirror(element, Checkpoint.class.getCanonicalName())
        .orElse(null);
  }

  static AnnotationMirror notKeyed(Element element) {
    return PipelineReader.annotationMirror(element, NotKeyed.class.getCanonicalName())
        .orElse(null);
  }
}
