package dev.cairn.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.cairn.Checkpoint;
import dev.cairn.NotKeyed;
import dev.cairn.Stage;
import dev.cairn.processor.model.LocalScopeScanner;
import dev.cairn.processor.model.PipelineReader;
import dev.cairn.processor.model.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks {@code @Checkpoint} and {@code @NotKeyed} wherever they appear, and {@code @Stage}
 * where the element API cannot see it.
 *
 * <p>{@link RoundEnvironment#getElementsAnnotatedWith} does not look inside method bodies, so
 * local and anonymous classes, local variables and lambda parameters are found by scanning the
 * syntax trees of the round's classes. Only annotations whose simple name is one of Cairn's are
 * resolved, so the scan costs next to nothing on ordinary code.
 *
 * <p>{@code @NotKeyed} is an error on a parameter of anything but a {@code @Stage} method
 * (constructors included: the field that keeps the value is what may be keyed) and on
 * anything that is neither a parameter nor a field.
 */
public final class AnnotationPlacementValidator {
  private static final Set<String> SIMPLE_NAMES = Set.of("Stage", "Checkpoint", "NotKeyed");

  private final Trees trees;

  /** {@code trees} may be null when the compiler has none: local declarations are then skipped. */
  public AnnotationPlacementValidator(Trees trees) {
    this.trees = trees;
  }

  public void validate(RoundEnvironment round, Report report) {
    for (Element element : round.getElementsAnnotatedWith(Checkpoint.class)) {
      if (element instanceof ExecutableElement
          && !PipelineReader.isStage((ExecutableElement) element)) {
        report.add(Message.CHECKPOINT_WITHOUT_STAGE, element,
            StageAnnotations.checkpoint(element));
      }
    }
    for (Element element : round.getElementsAnnotatedWith(NotKeyed.class)) {
      validateNotKeyed(element, report);
    }
    if (trees != null) {
      for (Element root : round.getRootElements()) {
        TreePath path = trees.getPath(root);
        if (path != null) {
          new LocalDeclarations(report).scan(path, null);
        }
      }
    }
  }

  private void validateNotKeyed(Element element, Report report) {
    switch (element.getKind()) {
      case FIELD:
        return;
      case PARAMETER:
        Element owner = element.getEnclosingElement();
        if (owner.getKind() == ElementKind.METHOD
            && PipelineReader.isStage((ExecutableElement) owner)) {
          return;
        }
        if (owner.getEnclosingElement().getKind() == ElementKind.RECORD) {
          return; // propagated from a record component to the canonical constructor
        }
        report.add(Message.NOT_KEYED_NOT_A_STAGE_PARAMETER, element,
            StageAnnotations.notKeyed(element), describe(owner));
        return;
      default:
        report.add(Message.NOT_KEYED_MISPLACED, element, StageAnnotations.notKeyed(element),
            kindName(element.getKind()));
    }
  }

  private static String describe(Element executable) {
    String kind = executable.getKind() == ElementKind.CONSTRUCTOR ? "constructor" : "method";
    return kind + " " + Signatures.of((ExecutableElement) executable);
  }

  private static String kindName(ElementKind kind) {
    switch (kind) {
      case METHOD:
        return "method";
      case CONSTRUCTOR:
        return "constructor";
      case LOCAL_VARIABLE:
      case RESOURCE_VARIABLE:
      case EXCEPTION_PARAMETER:
      case BINDING_VARIABLE:
        return "local variable";
      default:
        return kind.isClass() || kind.isInterface() ? "type" : kind.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Finds Cairn annotations inside method bodies, initializers and lambdas. */
  private final class LocalDeclarations extends LocalScopeScanner {
    private final Report report;

    LocalDeclarations(Report report) {
      this.report = report;
    }

    @Override
    public Void visitAnnotation(AnnotationTree node, Void unused) {
      if (inLocalScope()) {
        String simpleName = simpleName(node.getAnnotationType());
        if (SIMPLE_NAMES.contains(simpleName) && isCairnAnnotation(node)) {
          check(simpleName);
        }
      }
      return super.visitAnnotation(node, unused);
    }

    /**
     * Resolved from the imports rather than with {@code Trees.getElement}, which would make
     * javac attribute the whole class (see {@code AttributionGuard} for why that is avoided).
     */
    private boolean isCairnAnnotation(AnnotationTree node) {
      return isCairn(node.getAnnotationType(), getCurrentPath().getCompilationUnit());
    }

    private void check(String annotation) {
      TreePath declaration = getCurrentPath().getParentPath().getParentPath();
      if (declaration == null) {
        return;
      }
      Tree declared = declaration.getLeaf();
      Tree parent = declaration.getParentPath() == null
          ? null : declaration.getParentPath().getLeaf();
      switch (annotation) {
        case "Stage":
          if (declared instanceof MethodTree) {
            report.add(Message.STAGE_IN_LOCAL_CLASS, declaration);
          }
          return;
        case "Checkpoint":
          if (declared instanceof MethodTree && !hasStage(declaration)) {
            report.add(Message.CHECKPOINT_WITHOUT_STAGE, declaration);
          }
          return;
        default:
          checkNotKeyed(declaration, declared, parent);
      }
    }

    private void checkNotKeyed(TreePath declaration, Tree declared, Tree parent) {
      if (declared instanceof VariableTree) {
        if (parent instanceof ClassTree) {
          return; // a field
        }
        if (parent instanceof MethodTree) {
          MethodTree method = (MethodTree) parent;
          if (!hasAnnotation(method.getModifiers().getAnnotations(), "Stage")) {
            report.add(Message.NOT_KEYED_NOT_A_STAGE_PARAMETER, declaration, describe(method));
          }
          return;
        }
        if (parent instanceof LambdaExpressionTree) {
          report.add(Message.NOT_KEYED_NOT_A_STAGE_PARAMETER, declaration, "a lambda");
          return;
        }
        report.add(Message.NOT_KEYED_MISPLACED, declaration, "local variable");
      } else if (declared instanceof MethodTree) {
        boolean constructor = ((MethodTree) declared).getName().contentEquals("<init>");
        report.add(Message.NOT_KEYED_MISPLACED, declaration,
            constructor ? "constructor" : "method");
      } else if (declared instanceof ClassTree) {
        report.add(Message.NOT_KEYED_MISPLACED, declaration, "type");
      }
    }

    private boolean hasStage(TreePath method) {
      return hasAnnotation(
          ((MethodTree) method.getLeaf()).getModifiers().getAnnotations(), "Stage");
    }

    private boolean hasAnnotation(List<? extends AnnotationTree> annotations, String simpleName) {
      CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
      for (AnnotationTree annotation : annotations) {
        if (simpleName(annotation.getAnnotationType()).equals(simpleName)
            && isCairn(annotation.getAnnotationType(), unit)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Whether an annotation's type, as written, names one of Cairn's, given the file's imports. */
  private static boolean isCairn(Tree annotationType, CompilationUnitTree unit) {
    String simpleName = simpleName(annotationType);
    String qualified = "dev.cairn." + simpleName;
    if (annotationType instanceof MemberSelectTree) {
      return annotationType.toString().equals(qualified);
    }
    if (unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.cairn")) {
      return true;
    }
    for (ImportTree imported : unit.getImports()) {
      String name = imported.getQualifiedIdentifier().toString();
      if (!imported.isStatic() && (name.equals(qualified) || name.equals("dev.cairn.*"))) {
        return true;
      }
    }
    return false;
  }

  /** "method name(Type, Type)", from the tree, for a method javac has not attributed yet. */
  private static String describe(MethodTree method) {
    List<String> types = new ArrayList<>();
    for (VariableTree parameter : method.getParameters()) {
      types.add(parameter.getType().toString());
    }
    return "method " + method.getName() + "(" + String.join(", ", types) + ")";
  }

  private static String simpleName(Tree annotationType) {
    if (annotationType instanceof IdentifierTree) {
      return ((IdentifierTree) annotationType).getName().toString();
    }
    if (annotationType instanceof MemberSelectTree) {
      return ((MemberSelectTree) annotationType).getIdentifier().toString();
    }
    return "";
  }
}
