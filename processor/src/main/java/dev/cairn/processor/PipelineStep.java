package dev.cairn.processor;

import com.sun.source.util.Trees;
import dev.cairn.processor.fingerprint.AttributionGuard;
import dev.cairn.processor.fingerprint.CanonicalNames;
import dev.cairn.processor.fingerprint.StageCode;
import dev.cairn.processor.fingerprint.StageFingerprinter;
import dev.cairn.processor.model.PipelineClass;
import dev.cairn.processor.model.PipelineReader;
import dev.cairn.processor.model.PipelineStage;
import dev.cairn.processor.validation.ConstructionCallValidator;
import dev.cairn.processor.validation.Message;
import dev.cairn.processor.validation.PipelineValidator;
import dev.cairn.processor.validation.Report;
import dev.cairn.processor.validation.StageCodeValidator;
import dev.cairn.processor.writing.ResumableWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Takes one class that declares {@code @Stage} methods through the phases, in one round: check
 * its kind; defer it if its signatures name types that do not exist yet; read and validate the
 * model; fingerprint each stage (defer if the code names missing types); check the stage code;
 * write {@code Resumable<X>}. Everything it finds goes into the report; nothing is printed or
 * thrown here. A class either ends here (written or reported) or is deferred.
 */
final class PipelineStep {
  /** The result for one class: done, or deferred because of the {@code missing} type names. */
  record Outcome(Set<String> missing) {
    static final Outcome DONE = new Outcome(Set.of());

    boolean deferred() {
      return !missing.isEmpty();
    }
  }

  private final Trees trees;
  private final PipelineReader reader;
  private final PipelineValidator validator;
  private final AttributionGuard guard;
  private final StageFingerprinter fingerprinter;
  private final ResumableWriter writer;
  private final boolean trace;

  /** {@code trees}, {@code guard} and {@code fingerprinter} are null without javac's trees. */
  PipelineStep(Trees trees, PipelineReader reader, PipelineValidator validator,
      AttributionGuard guard, StageFingerprinter fingerprinter, ResumableWriter writer,
      boolean trace) {
    this.trees = trees;
    this.reader = reader;
    this.validator = validator;
    this.guard = guard;
    this.fingerprinter = fingerprinter;
    this.writer = writer;
    this.trace = trace;
  }

  Outcome process(TypeElement type, Report report) {
    List<ExecutableElement> stageMethods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (PipelineReader.isStage(method)) {
        stageMethods.add(method);
      }
    }
    if (!validator.validateKind(type, stageMethods, report)) {
      return Outcome.DONE;
    }
    Set<String> missing = unresolvedInSignatures(type, stageMethods);
    if (!missing.isEmpty()) {
      return new Outcome(missing);
    }
    PipelineClass pipeline = reader.read(type);
    Report pipelineReport = new Report();
    validator.validate(pipeline, pipelineReport);
    if (!pipelineReport.isClean()) {
      report.addAll(pipelineReport);
      return Outcome.DONE;
    }
    if (fingerprinter == null) {
      report.add(Message.TREES_UNAVAILABLE, type, pipeline.generatedSimpleName());
      return Outcome.DONE;
    }
    Optional<String> blockingRecord = guard.blockingRecord(type);
    if (blockingRecord.isPresent()) {
      report.add(Message.RECORD_BLOCKS_ANALYSIS, type, type.getSimpleName(),
          blockingRecord.get(), pipeline.generatedSimpleName(), blockingRecord.get());
      return Outcome.DONE;
    }
    new ConstructionCallValidator(trees).validate(pipeline, pipelineReport);
    if (!pipelineReport.isClean()) {
      report.addAll(pipelineReport);
      return Outcome.DONE;
    }

    pipeline = withoutStagesLackingSource(pipeline, pipelineReport);
    pipeline = pipeline.withStages(stage -> stage.withCode(
        fingerprinter.fingerprint(type, stage.method())));
    for (PipelineStage stage : pipeline.stages()) {
      missing.addAll(stage.code().orElseThrow().unresolved());
    }
    if (!missing.isEmpty()) {
      return new Outcome(missing); // this round's warnings are dropped with the attempt
    }

    validator.validateSourceFile(pipeline, trees, pipelineReport);
    StageCodeValidator stageCode = new StageCodeValidator(trees);
    for (PipelineStage stage : pipeline.stages()) {
      stageCode.validate(stage, pipelineReport);
      if (trace) {
        StageCode code = stage.code().orElseThrow();
        pipelineReport.add(Message.FINGERPRINT_TRACE, stage.method(), stage.id(),
            code.fingerprint(), code.canonicalText());
      }
    }
    try {
      writer.generate(pipeline);
    } catch (IOException e) {
      pipelineReport.add(Message.WRITE_FAILED, type, pipeline.generatedQualifiedName(),
          e.getMessage());
    }
    report.addAll(pipelineReport);
    return Outcome.DONE;
  }

  /** Inherited stages of classes compiled separately cannot be fingerprinted: warn, skip. */
  private PipelineClass withoutStagesLackingSource(PipelineClass pipeline, Report report) {
    List<PipelineStage> kept = new ArrayList<>();
    for (PipelineStage stage : pipeline.stages()) {
      if (fingerprinter.hasSource(stage.method())) {
        kept.add(stage);
      } else {
        report.add(Message.INHERITED_STAGE_WITHOUT_SOURCE, pipeline.element(),
            pipeline.generatedSimpleName(), stage.signature(),
            stage.declaringClass().getQualifiedName(), pipeline.element().getSimpleName());
      }
    }
    return pipeline.withStages(kept);
  }

  /** Names of types that do not exist (yet) in the signatures the generated class needs. */
  private static Set<String> unresolvedInSignatures(
      TypeElement type, List<ExecutableElement> stageMethods) {
    List<TypeMirror> signatureTypes = new ArrayList<>();
    for (TypeElement current = type; current != null;
        current = PipelineReader.superclass(current)) {
      signatureTypes.add(current.getSuperclass());
    }
    List<ExecutableElement> executables =
        new ArrayList<>(ElementFilter.constructorsIn(type.getEnclosedElements()));
    executables.addAll(stageMethods);
    for (ExecutableElement executable : executables) {
      signatureTypes.add(executable.getReturnType());
      for (VariableElement parameter : executable.getParameters()) {
        signatureTypes.add(parameter.asType());
      }
      signatureTypes.addAll(executable.getThrownTypes());
    }
    Set<String> missing = new TreeSet<>();
    for (TypeMirror signatureType : signatureTypes) {
      if (CanonicalNames.containsError(signatureType)) {
        missing.add(signatureType.toString());
      }
    }
    return missing;
  }
}
