package dev.cairn.processor.validation;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.cairn.processor.model.PipelineClass;
import dev.cairn.processor.model.PipelineStage;
import dev.cairn.processor.model.Signatures;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * Reports stages that the pipeline calls on itself while it is being constructed: from a
 * constructor, an instance initializer or an instance field initializer. The generated subclass
 * binds the instance to Cairn only once the pipeline's constructor has returned, so such a call
 * could not be checkpointed. Only direct calls on {@code this} are found (not calls through
 * helpers), which is how this is written in practice.
 */
public final class ConstructionCallValidator {
  private final Trees trees;

  public ConstructionCallValidator(Trees trees) {
    this.trees = trees;
  }

  public void validate(PipelineClass pipeline, Report report) {
    TreePath classPath = trees.getPath(pipeline.element());
    if (classPath == null) {
      return;
    }
    Set<Element> stages = new HashSet<>();
    for (PipelineStage stage : pipeline.stages()) {
      stages.add(stage.method());
    }
    ClassTree type = (ClassTree) classPath.getLeaf();
    for (Tree member : type.getMembers()) {
      TreePath memberPath = new TreePath(classPath, member);
      if (isConstructionCode(member, memberPath)) {
        new StageCalls(stages, pipeline, report).scan(memberPath, null);
      }
    }
  }

  private boolean isConstructionCode(Tree member, TreePath path) {
    if (member instanceof MethodTree) {
      return ((MethodTree) member).getName().contentEquals("<init>");
    }
    if (member instanceof BlockTree) {
      return !((BlockTree) member).isStatic();
    }
    if (member instanceof VariableTree) {
      Element field = trees.getElement(path);
      return field != null && !field.getModifiers().contains(Modifier.STATIC)
          && ((VariableTree) member).getInitializer() != null;
    }
    return false;
  }

  /** Calls to a stage on {@code this}, outside lambdas and nested classes (they run later). */
  private final class StageCalls extends TreePathScanner<Void, Void> {
    private final Set<Element> stages;
    private final PipelineClass pipeline;
    private final Report report;

    StageCalls(Set<Element> stages, PipelineClass pipeline, Report report) {
      this.stages = stages;
      this.pipeline = pipeline;
      this.report = report;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
      return null;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      ExpressionTree select = node.getMethodSelect();
      boolean onThis = select instanceof IdentifierTree
          || (select instanceof MemberSelectTree
              && ((MemberSelectTree) select).getExpression() instanceof IdentifierTree
              && ((IdentifierTree) ((MemberSelectTree) select).getExpression()).getName()
                  .contentEquals("this"));
      if (onThis) {
        Element method = trees.getElement(new TreePath(getCurrentPath(), select));
        if (method != null && method.getKind() == ElementKind.METHOD && stages.contains(method)) {
          report.add(Message.STAGE_CALLED_DURING_CONSTRUCTION, getCurrentPath(),
              Signatures.of((ExecutableElement) method), pipeline.element().getSimpleName());
        }
      }
      return super.visitMethodInvocation(node, unused);
    }
  }
}
