package dev.cairn.processor.fingerprint;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.cairn.processor.model.LocalScopeScanner;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Decides whether a class may be attributed during annotation processing.
 *
 * <p>Javac 17 to 25 mishandle one case (JDK-8387215): attributing a record's explicit canonical
 * constructor inserts an implicit {@code super()} call that the cleanup between rounds does not
 * remove, and the final attribution then rejects the constructor as "invalid canonical
 * constructor ... must not contain explicit constructor invocation". Attributing a class
 * attributes its enclosing top-level class with all its nested and local classes, and its
 * superclasses, so a class is unsafe when any of those trees declares such a record.
 *
 * <p>This check reads the trees only and never triggers attribution itself. Results are cached
 * for one round.
 */
public final class AttributionGuard {
  private final Trees trees;
  private final Elements elements;
  private final Map<Element, Optional<String>> topLevelCache = new HashMap<>();

  public AttributionGuard(Trees trees, Elements elements) {
    this.trees = trees;
    this.elements = elements;
  }

  /**
   * The simple name of a record whose explicit canonical constructor makes attributing
   * {@code type} unsafe, if there is one.
   */
  public Optional<String> blockingRecord(TypeElement type) {
    for (TypeElement current = type; current != null; current = superclass(current)) {
      Optional<String> record = topLevelCache.computeIfAbsent(
          topLevel(current), top -> scan((TypeElement) top));
      if (record.isPresent()) {
        return record;
      }
    }
    return Optional.empty();
  }

  public boolean isSafe(TypeElement type) {
    return blockingRecord(type).isEmpty();
  }

  private Optional<String> scan(TypeElement topLevel) {
    TreePath path = trees.getPath(topLevel);
    if (path == null) {
      return Optional.empty(); // from a class file: never attributed here
    }
    RecordFinder finder = new RecordFinder();
    finder.scan(path, null);
    return Optional.ofNullable(finder.found);
  }

  private final class RecordFinder extends LocalScopeScanner {
    private String found;

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      if (found == null && node.getKind().name().equals("RECORD") && hasExplicitCanonical(node)) {
        found = node.getSimpleName().toString();
      }
      return found == null ? super.visitClass(node, unused) : null;
    }

    /**
     * A constructor written in a record that does not start with {@code this(...)} is canonical
     * (the language requires other constructors to delegate). The implicit canonical
     * constructor, present in the trees of member records, is skipped by its origin; asking for
     * the element of a member record's constructor does not attribute anything, because enter
     * has set it already (for a local record it would, so there only written ones exist yet).
     */
    private boolean hasExplicitCanonical(ClassTree record) {
      for (Tree member : record.getMembers()) {
        if (!(member instanceof MethodTree)
            || !((MethodTree) member).getName().contentEquals("<init>")) {
          continue;
        }
        MethodTree constructor = (MethodTree) member;
        if (!inLocalScope()) {
          Element element = trees.getElement(new TreePath(getCurrentPath(), member));
          if (element != null && elements.getOrigin(element) != Elements.Origin.EXPLICIT) {
            continue;
          }
        }
        if (constructor.getBody() != null && !startsWithConstructorCall(constructor.getBody())) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean startsWithConstructorCall(BlockTree body) {
    if (body.getStatements().isEmpty()) {
      return false;
    }
    StatementTree first = body.getStatements().get(0);
    if (!(first instanceof ExpressionStatementTree)
        || !(((ExpressionStatementTree) first).getExpression() instanceof MethodInvocationTree)) {
      return false;
    }
    Tree select =
        ((MethodInvocationTree) ((ExpressionStatementTree) first).getExpression()).getMethodSelect();
    return select instanceof IdentifierTree
        && (((IdentifierTree) select).getName().contentEquals("this")
            || ((IdentifierTree) select).getName().contentEquals("super"));
  }

  private static Element topLevel(TypeElement type) {
    Element current = type;
    while (current.getEnclosingElement() instanceof TypeElement) {
      current = current.getEnclosingElement();
    }
    return current;
  }

  private static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return (TypeElement) ((DeclaredType) superclass).asElement();
  }
}
