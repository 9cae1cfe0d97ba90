package dev.cairn.processor.model;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePathScanner;

/**
 * A tree scanner that knows whether it is inside a local scope: a block (method, constructor or
 * initializer body), a lambda, or an anonymous class. Declarations there are not entered before
 * attribution, so asking javac for their elements would attribute code early, and annotations
 * there are on locals, not on members.
 */
public abstract class LocalScopeScanner extends TreePathScanner<Void, Void> {
  private int localDepth;

  /** Whether the node being visited is inside a block, a lambda or an anonymous class. */
  protected final boolean inLocalScope() {
    return localDepth > 0;
  }

  @Override
  public Void visitBlock(BlockTree node, Void unused) {
    localDepth++;
    try {
      return super.visitBlock(node, unused);
    } finally {
      localDepth--;
    }
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    localDepth++;
    try {
      return super.visitLambdaExpression(node, unused);
    } finally {
      localDepth--;
    }
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    localDepth++;
    try {
      return super.visitNewClass(node, unused);
    } finally {
      localDepth--;
    }
  }
}
