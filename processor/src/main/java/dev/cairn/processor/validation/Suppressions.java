package dev.cairn.processor.validation;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Arrays;
import javax.lang.model.element.Element;

/**
 * {@code @SuppressWarnings("cairn")} silences Cairn's warnings on the declaration it is on and
 * everything inside it, as javac's own names do.
 */
public final class Suppressions {
  /** The name that silences Cairn's warnings. */
  public static final String NAME = "cairn";

  private Suppressions() {}

  /** Whether {@code element} or a declaration enclosing it suppresses Cairn's warnings. */
  public static boolean isSuppressed(Element element) {
    for (Element current = element; current != null; current = current.getEnclosingElement()) {
      SuppressWarnings suppressed = current.getAnnotation(SuppressWarnings.class);
      if (suppressed != null && Arrays.asList(suppressed.value()).contains(NAME)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a declaration around {@code site} (a method, class or variable, local ones
   * included) suppresses Cairn's warnings.
   */
  public static boolean isSuppressed(Trees trees, TreePath site) {
    for (TreePath path = site; path != null; path = path.getParentPath()) {
      Tree leaf = path.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof ClassTree || leaf instanceof VariableTree) {
        Element element = trees.getElement(path);
        if (element != null) {
          SuppressWarnings suppressed = element.getAnnotation(SuppressWarnings.class);
          if (suppressed != null && Arrays.asList(suppressed.value()).contains(NAME)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
