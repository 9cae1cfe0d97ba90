package dev.cairn.processor.validation;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Diagnostics collected for one piece of work, each bound to where it applies: an element (and
 * the annotation at fault, when there is one), or a tree for code inside method bodies, which
 * the element API cannot point at. Nothing is printed until {@link #printTo}.
 */
public final class Report {
  /** One diagnostic; exactly one of {@code element} and {@code tree} is set. */
  public record Entry(
      Message message, String text, Element element, AnnotationMirror annotation, TreePath tree) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Reports {@code message} on {@code element}. */
  public void add(Message message, Element element, Object... arguments) {
    add(message, element, null, arguments);
  }

  /** Reports {@code message} on {@code annotation} of {@code element} (when not null). */
  public void add(
      Message message, Element element, AnnotationMirror annotation, Object... arguments) {
    entries.add(new Entry(message, message.format(arguments), element, annotation, null));
  }

  /** Reports {@code message} at a tree, for what has no element of its own. */
  public void add(Message message, TreePath tree, Object... arguments) {
    entries.add(new Entry(message, message.format(arguments), null, null, tree));
  }

  /** Adds everything {@code other} reported, in order. */
  public void addAll(Report other) {
    entries.addAll(other.entries);
  }

  /** Whether nothing reported so far is an error. */
  public boolean isClean() {
    return entries.stream().noneMatch(entry -> entry.message().kind() == Diagnostic.Kind.ERROR);
  }

  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** Prints every diagnostic, in the order reported, and empties the report. */
  public void printTo(Messager messager, Trees trees) {
    for (Entry entry : entries) {
      Diagnostic.Kind kind = entry.message().kind();
      if (entry.tree() != null && trees != null) {
        trees.printMessage(
            kind, entry.text(), entry.tree().getLeaf(), entry.tree().getCompilationUnit());
      } else if (entry.element() == null) {
        messager.printMessage(kind, entry.text());
      } else if (entry.annotation() != null) {
        messager.printMessage(kind, entry.text(), entry.element(), entry.annotation());
      } else {
        messager.printMessage(kind, entry.text(), entry.element());
      }
    }
    entries.clear();
  }
}
