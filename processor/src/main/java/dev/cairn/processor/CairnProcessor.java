package dev.cairn.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.cairn.Stage;
import dev.cairn.processor.fingerprint.AttributionGuard;
import dev.cairn.processor.fingerprint.CanonicalNames;
import dev.cairn.processor.fingerprint.CompilerTrees;
import dev.cairn.processor.fingerprint.NondeterministicRead;
import dev.cairn.processor.fingerprint.StageCode;
import dev.cairn.processor.fingerprint.StageFingerprinter;
import dev.cairn.processor.model.PipelineClass;
import dev.cairn.processor.model.PipelineReader;
import dev.cairn.processor.model.PipelineStage;
import dev.cairn.processor.validation.AnnotationPlacementValidator;
import dev.cairn.processor.validation.ConstructionCallValidator;
import dev.cairn.processor.validation.Message;
import dev.cairn.processor.validation.PipelineValidator;
import dev.cairn.processor.validation.Report;
import dev.cairn.processor.writing.ResumableWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * Generates {@code Resumable<X>} for every class {@code X} that declares {@code @Stage} methods.
 * It only wires the phases (see the package documentation); each round:
 *
 * <ol>
 *   <li>checks where Cairn's annotations appear ({@link AnnotationPlacementValidator});
 *   <li>for each pipeline class of the round, and each one deferred from an earlier round:
 *       defers it again if its signatures refer to types that do not exist yet; reads and
 *       validates it; fingerprints its stages (deferring it if their code refers to missing
 *       types); reports nondeterministic reads; writes the generated class;
 *   <li>in the last round, reports the classes still deferred.
 * </ol>
 *
 * <p>Option {@code -Acairn.fingerprint.trace=true} prints each stage's canonical encoding as a
 * note, to see what its fingerprint covers.
 */
@AutoService(Processor.class)
public final class CairnProcessor extends AbstractProcessor {
  /** Prints the canonical text behind each fingerprint as a note. */
  public static final String TRACE_OPTION = "cairn.fingerprint.trace";
  /** The {@code @SuppressWarnings} name that silences Cairn's warnings. */
  public static final String SUPPRESSION = "cairn";

  private Trees trees;
  private Elements elements;
  private PipelineReader reader;
  private final PipelineValidator validator = new PipelineValidator();
  private AnnotationPlacementValidator placement;
  private CanonicalNames names;
  /** Made anew each round: its caches hold trees, which javac replaces between rounds. */
  private AttributionGuard guard;
  private StageFingerprinter fingerprinter;
  private ResumableWriter writer;
  private boolean trace;

  /** Qualified names of deferred pipeline classes, with the names they could not resolve. */
  private final Map<String, Set<String>> deferred = new LinkedHashMap<>();
  /** Pipeline classes already handled (written or reported), by qualified name. */
  private final Set<String> done = new HashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    elements = environment.getElementUtils();
    trees = CompilerTrees.of(environment).orElse(null);
    CanonicalNames names = new CanonicalNames(environment.getTypeUtils());
    reader = new PipelineReader(elements, names);
    placement = new AnnotationPlacementValidator(trees);
    this.names = names;
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
    Report report = new Report();
    if (trees != null) {
      guard = new AttributionGuard(trees, elements);
      fingerprinter = new StageFingerprinter(trees, elements, names, reader::stageId, guard);
    }
    placement.validate(round, report);
    if (round.processingOver()) {
      reportDeferred(report);
    } else {
      for (TypeElement type : candidates(round)) {
        processPipeline(type, report);
      }
    }
    report.printTo(processingEnv.getMessager(), trees);
    return false;
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

  private void processPipeline(TypeElement type, Report report) {
    String name = type.getQualifiedName().toString();
    if (done.contains(name)) {
      return;
    }
    List<ExecutableElement> stageMethods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (PipelineReader.isStage(method)) {
        stageMethods.add(method);
      }
    }
    if (!validator.validateKind(type, stageMethods, report)) {
      done.add(name);
      return;
    }
    Set<String> missing = unresolvedInSignatures(type);
    if (!missing.isEmpty()) {
      deferred.put(name, missing);
      return;
    }
    PipelineClass pipeline = reader.read(type);
    Report pipelineReport = new Report();
    validator.validate(pipeline, pipelineReport);
    if (!pipelineReport.isClean()) {
      report.addAll(pipelineReport);
      done.add(name);
      return;
    }
    if (fingerprinter == null) {
      report.add(Message.TREES_UNAVAILABLE, type, pipeline.generatedSimpleName());
      done.add(name);
      return;
    }
    Optional<String> blockingRecord = guard.blockingRecord(type);
    if (blockingRecord.isPresent()) {
      report.add(Message.RECORD_BLOCKS_ANALYSIS, type, type.getSimpleName(),
          blockingRecord.get(), pipeline.generatedSimpleName(), blockingRecord.get());
      done.add(name);
      return;
    }
    new ConstructionCallValidator(trees).validate(pipeline, pipelineReport);
    if (!pipelineReport.isClean()) {
      report.addAll(pipelineReport);
      done.add(name);
      return;
    }
    pipeline = withoutStagesLackingSource(pipeline, pipelineReport);
    pipeline = pipeline.withStages(stage -> stage.withCode(
        fingerprinter.fingerprint(type, stage.method())));
    for (PipelineStage stage : pipeline.stages()) {
      missing.addAll(stage.code().orElseThrow().unresolved());
    }
    if (!missing.isEmpty()) {
      deferred.put(name, missing);
      return;
    }
    deferred.remove(name);
    done.add(name);
    warnIfInAnotherFile(pipeline, pipelineReport);
    for (PipelineStage stage : pipeline.stages()) {
      StageCode code = stage.code().orElseThrow();
      reportNondeterminism(stage, code, pipelineReport);
      if (trace) {
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
  }

  /** A pipeline in a file named after another class is an "auxiliary class" to javac. */
  private void warnIfInAnotherFile(PipelineClass pipeline, Report report) {
    Element top = pipeline.element();
    while (top.getEnclosingElement() instanceof TypeElement) {
      top = top.getEnclosingElement();
    }
    TreePath path = trees.getPath(top);
    if (path == null || suppresses(pipeline.element()) || suppresses(top)) {
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

  private void reportNondeterminism(
      PipelineStage stage, StageCode code, Report report) {
    for (NondeterministicRead read : code.nondeterministicReads()) {
      if (!isSuppressed(read.site(), stage.method())) {
        report.add(Message.NONDETERMINISTIC_READ, read.site(), stage.signature(),
            read.source().description(), read.call(), read.source().advice());
      }
    }
  }

  /**
   * Whether {@code @SuppressWarnings("cairn")} is on a declaration around the call site, or on
   * the stage method or a class around it.
   */
  private boolean isSuppressed(TreePath site, ExecutableElement stage) {
    for (TreePath path = site; path != null; path = path.getParentPath()) {
      Tree leaf = path.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof ClassTree || leaf instanceof VariableTree) {
        if (suppresses(trees.getElement(path))) {
          return true;
        }
      }
    }
    for (Element element = stage; element != null; element = element.getEnclosingElement()) {
      if (suppresses(element)) {
        return true;
      }
    }
    return false;
  }

  private static boolean suppresses(Element element) {
    if (element == null) {
      return false;
    }
    SuppressWarnings suppressed = element.getAnnotation(SuppressWarnings.class);
    return suppressed != null && Arrays.asList(suppressed.value()).contains(SUPPRESSION);
  }

  /** Names of types that do not exist (yet) in the signatures the generated class needs. */
  private Set<String> unresolvedInSignatures(TypeElement type) {
    Set<String> missing = new TreeSet<>();
    List<TypeMirror> signatureTypes = new ArrayList<>();
    for (TypeElement current = type; current != null;
        current = PipelineReader.superclass(current)) {
      signatureTypes.add(current.getSuperclass());
    }
    for (ExecutableElement executable : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      addSignature(executable, signatureTypes);
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (PipelineReader.isStage(method)) {
        addSignature(method, signatureTypes);
      }
    }
    for (TypeMirror signatureType : signatureTypes) {
      if (CanonicalNames.containsError(signatureType)) {
        missing.add(signatureType.toString());
      }
    }
    return missing;
  }

  private static void addSignature(ExecutableElement executable, List<TypeMirror> types) {
    types.add(executable.getReturnType());
    for (VariableElement parameter : executable.getParameters()) {
      types.add(parameter.asType());
    }
    types.addAll(executable.getThrownTypes());
  }

  private void reportDeferred(Report report) {
    for (Map.Entry<String, Set<String>> entry : deferred.entrySet()) {
      TypeElement type = elements.getTypeElement(entry.getKey());
      if (type != null) {
        Set<String> names = new TreeSet<>(entry.getValue());
        names.removeAll(Set.of("?", "<erroneous>"));
        report.add(Message.UNRESOLVED_TYPES, type, PipelineReader.generatedSimpleName(type),
            type.getSimpleName(), names.isEmpty() ? "(unnamed)" : String.join(", ", names));
      }
    }
    deferred.clear();
  }
}
