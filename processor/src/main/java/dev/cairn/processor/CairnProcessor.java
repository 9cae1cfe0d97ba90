package dev.cairn.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import dev.cairn.Stage;
import dev.cairn.processor.fingerprint.AttributionGuard;
import dev.cairn.processor.fingerprint.CanonicalNames;
import dev.cairn.processor.fingerprint.CompilerTrees;
import dev.cairn.processor.fingerprint.StageFingerprinter;
import dev.cairn.processor.model.PipelineReader;
import dev.cairn.processor.validation.AnnotationPlacementValidator;
import dev.cairn.processor.validation.Message;
import dev.cairn.processor.validation.PipelineValidator;
import dev.cairn.processor.validation.Report;
import dev.cairn.processor.validation.Suppressions;
import dev.cairn.processor.writing.ResumableWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Generates {@code Resumable<X>} for every class {@code X} that declares {@code @Stage} methods.
 * It only wires the phases (see the package documentation). Each round it checks where Cairn's
 * annotations appear ({@link AnnotationPlacementValidator}), hands each pipeline class of the
 * round, and each one deferred from an earlier round, to a {@link PipelineStep}, prints the
 * report, and in the last round reports the classes still deferred.
 *
 * <p>It never claims annotations. Option {@code -Acairn.fingerprint.trace=true} prints each
 * stage's canonical encoding as a note, to see what its fingerprint covers; warnings are
 * silenced with {@code @SuppressWarnings("cairn")}.
 */
@AutoService(Processor.class)
public final class CairnProcessor extends AbstractProcessor {
  /** Prints the canonical text behind each fingerprint as a note. */
  public static final String TRACE_OPTION = "cairn.fingerprint.trace";
  /** The {@code @SuppressWarnings} name that silences Cairn's warnings. */
  public static final String SUPPRESSION = Suppressions.NAME;

  private Trees trees;
  private Elements elements;
  private CanonicalNames names;
  private PipelineReader reader;
  private final PipelineValidator validator = new PipelineValidator();
  private AnnotationPlacementValidator placement;
  private ResumableWriter writer;
  private boolean trace;

  /** Qualified names of deferred pipeline classes, with the names they could not resolve. */
  private final Map<String, Set<String>> deferred = new LinkedHashMap<>();
  /** Pipeline classes already handled (written or reported), by qualified name. */
  private final Set<String> done = new HashSet<>();
  /** Every class with source seen so far, in the order javac listed them. */
  private final List<TypeElement> compilationTypes = new ArrayList<>();

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    elements = environment.getElementUtils();
    trees = CompilerTrees.of(environment).orElse(null);
    names = new CanonicalNames(environment.getTypeUtils());
    reader = new PipelineReader(elements, names);
    placement = new AnnotationPlacementValidator(trees);
    writer = new ResumableWriter(environment.getFiler(), elements, environment.getTypeUtils());
    trace = Boolean.parseBoolean(environment.getOptions().get(TRACE_OPTION));
  }

  /**
   * All types ({@code "*"}), not only Cairn's: javac calls a processor only when one of its
   * annotation types is present in the round, and an annotation inside a method body (on a
   * method of a local class, a local variable, a lambda parameter) does not count as present.
   * Misuse there must be reported even in a compilation with no other Cairn annotation. The
   * processor still claims nothing.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(TRACE_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    collectCompilationTypes(ElementFilter.typesIn(round.getRootElements()));
    Report report = new Report();
    placement.validate(round, report);
    if (round.processingOver()) {
      reportDeferred(report);
    } else {
      PipelineStep step = newStep();
      for (TypeElement type : candidates(round)) {
        String name = type.getQualifiedName().toString();
        if (done.contains(name)) {
          continue;
        }
        PipelineStep.Outcome outcome = step.process(type, report);
        if (outcome.deferred()) {
          deferred.put(name, outcome.missing());
        } else {
          deferred.remove(name);
          done.add(name);
        }
      }
    }
    report.printTo(processingEnv.getMessager(), trees);
    return false;
  }

  /** Adds the classes with source of this round, and their member classes, to the compilation. */
  private void collectCompilationTypes(Iterable<TypeElement> types) {
    for (TypeElement type : types) {
      if (trees != null && trees.getPath(type) != null) {
        compilationTypes.add(type);
      }
      collectCompilationTypes(ElementFilter.typesIn(type.getEnclosedElements()));
    }
  }

  /** A step for this round: the guard's caches hold trees, which javac replaces each round. */
  private PipelineStep newStep() {
    if (trees == null) {
      return new PipelineStep(null, reader, validator, null, null, writer, trace);
    }
    AttributionGuard guard = new AttributionGuard(trees, elements);
    StageFingerprinter fingerprinter =
        new StageFingerprinter(trees, elements, names, reader::stageId, guard, compilationTypes);
    return new PipelineStep(trees, reader, validator, guard, fingerprinter, writer, trace);
  }

  /** Classes deferred earlier, then the classes declaring this round's {@code @Stage} methods. */
  private Set<TypeElement> candidates(RoundEnvironment round) {
    Set<TypeElement> candidates = new LinkedHashSet<>();
    for (String name : new ArrayList<>(deferred.keySet())) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        candidates.add(type);
      }
    }
    for (Element element : round.getElementsAnnotatedWith(Stage.class)) {
      Element enclosing = element.getEnclosingElement();
      if (enclosing instanceof TypeElement
          && ((TypeElement) enclosing).getNestingKind() != NestingKind.LOCAL
          && ((TypeElement) enclosing).getNestingKind() != NestingKind.ANONYMOUS) {
        candidates.add((TypeElement) enclosing);
      }
    }
    return candidates;
  }

  private void reportDeferred(Report report) {
    for (Map.Entry<String, Set<String>> entry : deferred.entrySet()) {
      TypeElement type = elements.getTypeElement(entry.getKey());
      if (type != null) {
        Set<String> missing = new TreeSet<>(entry.getValue());
        missing.removeAll(Set.of("?", "<erroneous>"));
        report.add(Message.UNRESOLVED_TYPES, type, PipelineReader.generatedSimpleName(type),
            type.getSimpleName(), missing.isEmpty() ? "(unnamed)" : String.join(", ", missing));
      }
    }
    deferred.clear();
  }
}
