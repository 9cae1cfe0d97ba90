package dev.cairn.processor.fingerprint;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.cairn.NotKeyed;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Computes a stage's {@link StageCode}: its fingerprint, the keyed fields it reads, the stages
 * it calls and the nondeterministic sources it reads.
 *
 * <h2>The walk</h2>
 *
 * The stage method is written first (signature from the element model, then its body), then
 * every member it reaches, in the order they are first referenced, each once (so recursion and
 * cycles end):
 *
 * <ul>
 *   <li>a method or constructor whose source is in this compilation ({@code Trees.getPath} finds
 *       it), of the same class or another, at any visibility: its signature and body;
 *   <li>a field with an initializer in this compilation, unless {@code transient} or
 *       {@code @NotKeyed}: its declaration and initializer (constants included);
 *   <li>a call to another {@code @Stage} method: only its id ({@code stage=...}), because it has
 *       a key of its own and is checkpointed separately; a {@code super.stage()} call bypasses
 *       the generated override, so its body is reached like a helper's;
 *   <li>what has no source here (the JDK, libraries) and abstract methods: only the resolved
 *       symbol at the call site. A call through an interface cannot know its implementation.
 * </ul>
 *
 * <h2>Attribution, and its side effects</h2>
 *
 * Symbols come from attributed trees, and javac attributes method bodies only after annotation
 * processing. {@code Trees.getElement} attributes the class on demand; javac resets those trees
 * when the round ends and attributes them again for code generation. Diagnostics from the
 * early attribution are reported too, so a javac warning (rawtypes, deprecation, ...) in a class
 * the walk visits can appear twice. There is no public API to silence it; clean classes, as
 * {@code -Xlint:all} users keep them, are not affected. And classes that javac cannot attribute
 * twice correctly ({@link AttributionGuard}) are never attributed: a member reached in one is
 * written from its syntax alone ({@code syntax-only}: names, literals and kinds, no symbols),
 * and nothing is reached from it.
 */
public final class StageFingerprinter {
  /** Changes whenever the canonical encoding changes, so that old fingerprints never match. */
  static final String ENCODING_VERSION = "cairn-fingerprint-1";

  private final Trees trees;
  private final Elements elements;
  private final CanonicalNames names;
  private final StageIdentity stages;
  private final AttributionGuard guard;
  private final Collection<TypeElement> compilation;

  /**
   * @param compilation every class of the compilation with source (top-level and member
   *     classes): where overrides of a virtually called method, and members named in code that
   *     cannot be attributed, are looked for
   */
  public StageFingerprinter(Trees trees, Elements elements, CanonicalNames names,
      StageIdentity stages, AttributionGuard guard, Collection<TypeElement> compilation) {
    this.trees = trees;
    this.elements = elements;
    this.names = names;
    this.stages = stages;
    this.guard = guard;
    this.compilation = compilation;
  }

  /** Whether {@code method}'s source tree is available, so that it can be fingerprinted. */
  public boolean hasSource(ExecutableElement method) {
    TreePath path = trees.getPath(method);
    return path != null && path.getLeaf() instanceof MethodTree
        && ((MethodTree) path.getLeaf()).getBody() != null;
  }

  /**
   * Fingerprints {@code stage}, a method of {@code pipeline} or one of its superclasses whose
   * source is available ({@link #hasSource}).
   */
  public StageCode fingerprint(TypeElement pipeline, ExecutableElement stage) {
    return new Walk(pipeline).run(stage);
  }

  private final class Walk implements CanonicalEncoder.SymbolListener {
    private final Set<Element> hierarchy = new HashSet<>();
    private final CanonicalText text = new CanonicalText();
    private final CanonicalEncoder encoder;
    private final Deque<Element> queue = new ArrayDeque<>();
    private final Set<Element> seen = new HashSet<>();
    private final Set<String> fields = new TreeSet<>();
    private final Set<String> calledStages = new LinkedHashSet<>();
    private final List<NondeterministicRead> reads = new ArrayList<>();
    private final Set<String> unresolved = new TreeSet<>();

    Walk(TypeElement pipeline) {
      for (TypeElement type = pipeline; type != null; type = superclass(type)) {
        hierarchy.add(type);
      }
      this.encoder = new CanonicalEncoder(trees, elements, names, text, this);
    }

    StageCode run(ExecutableElement stage) {
      text.token(ENCODING_VERSION);
      seen.add(stage);
      encodeMethod(stage);
      while (!queue.isEmpty()) {
        Element next = queue.removeFirst();
        text.line();
        if (next instanceof ExecutableElement) {
          encodeMethod((ExecutableElement) next);
        } else {
          encodeField((VariableElement) next);
        }
      }
      String canonical = text.text();
      return new StageCode(
          CanonicalText.sha256Hex(canonical),
          canonical,
          new ArrayList<>(fields),
          new ArrayList<>(calledStages),
          reads,
          unresolved);
    }

    private void encodeMethod(ExecutableElement method) {
      TreePath path = trees.getPath(method);
      boolean resolve = canAttribute(method);
      if (resolve) {
        attribute(path);
      }
      text.open("MEMBER");
      text.token(names.symbol(method));
      if (!resolve) {
        text.token("syntax-only");
      }
      text.token("modifiers", modifiers(method.getModifiers()));
      text.openList();
      for (TypeParameterElement parameter : method.getTypeParameters()) {
        List<String> bounds = new ArrayList<>();
        for (TypeMirror bound : parameter.getBounds()) {
          bounds.add(signatureType(bound));
        }
        text.token(parameter.getSimpleName() + " extends " + String.join("&", bounds));
      }
      text.closeList();
      text.token("returns", signatureType(method.getReturnType()));
      text.openList();
      for (VariableElement parameter : method.getParameters()) {
        text.token(signatureType(parameter.asType()) + " " + parameter.getSimpleName());
      }
      text.closeList();
      text.token("varargs", Boolean.toString(method.isVarArgs()));
      text.openList();
      for (TypeMirror thrown : method.getThrownTypes()) {
        text.token(signatureType(thrown));
      }
      text.closeList();
      MethodTree tree = path == null ? null : (MethodTree) path.getLeaf();
      if (tree == null || tree.getBody() == null) {
        text.absent();
      } else {
        encoder.encode(new TreePath(path, tree.getBody()), resolve);
      }
      text.close();
    }

    private void encodeField(VariableElement field) {
      TreePath path = trees.getPath(field);
      boolean resolve = canAttribute(field);
      if (resolve) {
        attribute(path);
      }
      text.open("FIELD");
      text.token(names.symbol(field));
      if (!resolve) {
        text.token("syntax-only");
      }
      text.token("modifiers", modifiers(field.getModifiers()));
      text.token("type", signatureType(field.asType()));
      VariableTree tree = (VariableTree) path.getLeaf();
      if (tree.getInitializer() == null) {
        text.absent();
      } else {
        encoder.encode(new TreePath(path, tree.getInitializer()), resolve);
      }
      text.close();
    }

    private String signatureType(TypeMirror type) {
      if (CanonicalNames.containsError(type)) {
        unresolved.add(type.toString());
      }
      return names.type(type);
    }

    @Override
    public String referenced(Element symbol, TreePath site, boolean viaSuper) {
      if (symbol instanceof ExecutableElement) {
        ExecutableElement method = (ExecutableElement) symbol;
        NondeterministicSource.of(method).ifPresent(source ->
            reads.add(new NondeterministicRead(
                source, NondeterministicSource.callText(method), site)));
        if (!viaSuper) {
          Optional<String> stageId = stages.stageId(method);
          if (stageId.isPresent()) {
            calledStages.add(stageId.get());
            return "stage=" + stageId.get();
          }
        }
        if (isReachable(method)) {
          enqueue(method);
        }
        if (method.getKind() == ElementKind.CONSTRUCTOR) {
          enqueueMethodsOf((TypeElement) method.getEnclosingElement());
        } else if (isVirtual(method)) {
          enqueueOverridesOf(method);
        }
        return null;
      }
      if (symbol.getKind() == ElementKind.FIELD) {
        VariableElement field = (VariableElement) symbol;
        boolean notKeyed = field.getAnnotation(NotKeyed.class) != null
            || field.getModifiers().contains(Modifier.TRANSIENT);
        if (!notKeyed && !field.getModifiers().contains(Modifier.STATIC)
            && hierarchy.contains(field.getEnclosingElement())) {
          fields.add(field.getSimpleName().toString());
        }
        if (!notKeyed && hasSourceInitializer(field)) {
          enqueue(field);
        }
      }
      return null;
    }

    /**
     * A member written syntax-only reaches, conservatively, every method and field of that name
     * in the compilation: more code than it calls, never less.
     */
    @Override
    public void unattributed(String name) {
      List<Element> named = new ArrayList<>();
      for (TypeElement type : compilation) {
        for (Element member : type.getEnclosedElements()) {
          if (member.getSimpleName().contentEquals(name)
              && (member.getKind() == ElementKind.METHOD || member.getKind() == ElementKind.FIELD)) {
            named.add(member);
          }
        }
      }
      named.sort(Comparator.comparing(names::symbol));
      for (Element member : named) {
        if (member instanceof ExecutableElement && stages.stageId((ExecutableElement) member).isPresent()) {
          continue; // another stage: it has a key of its own
        }
        if (member instanceof ExecutableElement && !isReachable((ExecutableElement) member)) {
          continue;
        }
        referenced(member, null, false);
      }
    }

    /**
     * A virtual call may run any override of the method that the compilation declares, so each
     * is reached too (in a fixed order, so the text does not depend on the order of source files).
     */
    private void enqueueOverridesOf(ExecutableElement method) {
      List<ExecutableElement> overrides = new ArrayList<>();
      for (TypeElement type : compilation) {
        for (ExecutableElement candidate : ElementFilter.methodsIn(type.getEnclosedElements())) {
          if (candidate != method && candidate.getSimpleName().equals(method.getSimpleName())
              && elements.overrides(candidate, method, type) && isReachable(candidate)
              && stages.stageId(candidate).isEmpty()) {
            overrides.add(candidate);
          }
        }
      }
      overrides.sort(Comparator.comparing(names::symbol));
      overrides.forEach(this::enqueue);
    }

    /**
     * An instance created here may be handed to code that calls any of its methods (a
     * {@code Comparator} given to {@code List.sort}), so creating an instance of a class of the
     * compilation reaches all its methods and those of its superclasses with source.
     */
    private void enqueueMethodsOf(TypeElement type) {
      for (TypeElement t = type; t != null; t = superclass(t)) {
        for (ExecutableElement candidate : ElementFilter.methodsIn(t.getEnclosedElements())) {
          if (isReachable(candidate) && stages.stageId(candidate).isEmpty()) {
            enqueue(candidate);
          }
        }
      }
    }

    private boolean isVirtual(ExecutableElement method) {
      Set<Modifier> modifiers = method.getModifiers();
      return method.getKind() == ElementKind.METHOD && !modifiers.contains(Modifier.STATIC)
          && !modifiers.contains(Modifier.PRIVATE) && !modifiers.contains(Modifier.FINAL);
    }

    @Override
    public void unresolved(String name) {
      unresolved.add(name.isEmpty() ? "?" : name);
    }

    private void enqueue(Element element) {
      if (seen.add(element)) {
        queue.addLast(element);
      }
    }

    private boolean isReachable(ExecutableElement method) {
      return isNamedClassMember(method)
          && elements.getOrigin(method) == Elements.Origin.EXPLICIT
          && hasSource(method);
    }

    private boolean hasSourceInitializer(VariableElement field) {
      if (!isNamedClassMember(field)) {
        return false;
      }
      TreePath path = trees.getPath(field);
      return path != null && path.getLeaf() instanceof VariableTree
          && ((VariableTree) path.getLeaf()).getInitializer() != null;
    }
  }

  /**
   * Whether the class declaring {@code member} may be attributed (see {@link AttributionGuard});
   * when not, the member is written without symbols and nothing is reached from it.
   */
  private boolean canAttribute(Element member) {
    return guard.isSafe((TypeElement) member.getEnclosingElement());
  }

  /** Members of local and anonymous classes are inside the trees that declare them already. */
  private static boolean isNamedClassMember(Element member) {
    Element owner = member.getEnclosingElement();
    if (!(owner instanceof TypeElement)) {
      return false;
    }
    NestingKind nesting = ((TypeElement) owner).getNestingKind();
    return nesting == NestingKind.TOP_LEVEL || nesting == NestingKind.MEMBER;
  }

  /** Makes javac attribute the class around {@code path} (see the class comment). */
  private void attribute(TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        trees.getElement(new TreePath(p, ((ClassTree) p.getLeaf()).getModifiers()));
        return;
      }
    }
  }

  private static String modifiers(Set<Modifier> modifiers) {
    Set<String> sorted = new TreeSet<>();
    for (Modifier modifier : modifiers) {
      sorted.add(modifier.toString());
    }
    return String.join(",", sorted);
  }

  private static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return (TypeElement) ((DeclaredType) superclass).asElement();
  }
}
