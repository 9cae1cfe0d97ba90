package dev.cairn.processor.fingerprint;

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ErroneousTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.IntersectionTypeTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.WildcardTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Writes the canonical text of a syntax tree (see {@link CanonicalText} for the grammar).
 *
 * <p>Every node kind of JDK 17 has an explicit visit method here that fixes which children are
 * written and in which order, so the text does not depend on how a later JDK's
 * {@code TreeScanner} walks them; a node kind this class does not know (a construct newer than
 * Java 17) is written by its kind and children in the running JDK's order. Per node:
 *
 * <ul>
 *   <li>identifiers and member selects: the name and the resolved symbol
 *       ({@link CanonicalNames#symbol}); method references and {@code new}: the resolved method
 *       or constructor too;
 *   <li>literals: the kind and value ({@code 0x10} and {@code 16} are the same value);
 *       operators: the node kind ({@code PLUS}, {@code POSTFIX_INCREMENT}, ...);
 *   <li>variables: modifiers, name and the variable's type from the element model, not its type
 *       tree, because javac fills in the type tree of {@code var} and of implicit lambda
 *       parameters during attribution, differently across releases;
 *   <li>what javac writes into trees itself is skipped: the implicit {@code super()} call of a
 *       constructor, default and anonymous-class constructors.
 * </ul>
 */
final class CanonicalEncoder extends TreePathScanner<Void, Void> {

  /** Told about every resolved symbol, so the walk can reach it; may add a token to the text. */
  interface SymbolListener {
    String referenced(Element symbol, TreePath site, boolean viaSuper);

    void unresolved(String name);

    /**
     * A name in a member written syntax-only (no symbols), which the walk reaches conservatively
     * by name.
     */
    void unattributed(String name);
  }

  private static final Method CASE_GET_LABELS = method(CaseTree.class, "getLabels");
  private static final Method CASE_GET_GUARD = method(CaseTree.class, "getGuard");

  private final Trees trees;
  private final Elements elements;
  private final CanonicalNames names;
  private final CanonicalText text;
  private final SymbolListener listener;
  private boolean resolve = true;

  CanonicalEncoder(
      Trees trees, Elements elements, CanonicalNames names, CanonicalText text,
      SymbolListener listener) {
    this.trees = trees;
    this.elements = elements;
    this.names = names;
    this.text = text;
    this.listener = listener;
  }

  /** Writes the tree at {@code path} and everything under it, with resolved symbols. */
  void encode(TreePath path) {
    encode(path, true);
  }

  /**
   * Writes the tree at {@code path}; when {@code resolveSymbols} is false, without asking javac
   * for any symbol or type (which would attribute the class): names, literals and kinds only,
   * and the symbol listener hears nothing.
   */
  void encode(TreePath path, boolean resolveSymbols) {
    resolve = resolveSymbols;
    try {
      text.open(path.getLeaf().getKind().name());
      super.scan(path, null);
      text.close();
    } finally {
      resolve = true;
    }
  }

  @Override
  public Void scan(Tree tree, Void unused) {
    if (tree == null) {
      text.absent();
      return null;
    }
    text.open(tree.getKind().name());
    super.scan(tree, unused);
    text.close();
    return null;
  }

  @Override
  public Void scan(Iterable<? extends Tree> trees, Void unused) {
    text.openList();
    if (trees != null) {
      for (Tree tree : trees) {
        scan(tree, unused);
      }
    }
    text.closeList();
    return null;
  }

  // ---- symbols ----

  private Element element(TreePath path) {
    if (!resolve) {
      return null;
    }
    try {
      return trees.getElement(path);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Tells the listener about a type that does not exist (yet): the node's type, or its symbol's,
   * is an error type. Only the missing type itself is named, not what depends on it.
   */
  private void checkResolved(TreePath path, Element element) {
    TypeMirror type = trees.getTypeMirror(path);
    if (type == null || type.getKind() != TypeKind.ERROR) {
      type = element == null ? null : element.asType();
    }
    if (type != null && type.getKind() == TypeKind.ERROR) {
      String name = type.toString();
      listener.unresolved(name.startsWith("<") ? "" : name);
    }
  }

  /** Writes the symbol that the current node resolves to, and tells the listener. */
  private void symbol(String name, boolean viaSuper) {
    if (!resolve) {
      listener.unattributed(name);
      return;
    }
    TreePath path = getCurrentPath();
    Element element = element(path);
    checkResolved(path, element);
    if (element == null) {
      text.token("?");
      return;
    }
    if (name.equals("this") || name.equals("super")) {
      TypeMirror type = trees.getTypeMirror(path);
      text.token(name + ":" + (type == null ? "?" : names.erasure(type)));
      return;
    }
    text.token(names.symbol(element));
    String extra = listener.referenced(element, path, viaSuper);
    if (extra != null) {
      text.token(extra);
    }
  }

  private static boolean isSuper(ExpressionTree expression) {
    if (expression instanceof IdentifierTree) {
      return ((IdentifierTree) expression).getName().contentEquals("super");
    }
    if (expression instanceof MemberSelectTree) {
      return ((MemberSelectTree) expression).getIdentifier().contentEquals("super");
    }
    return false;
  }

  // ---- declarations ----

  @Override
  public Void visitClass(ClassTree node, Void unused) {
    text.token("name", node.getSimpleName().toString());
    scan(node.getModifiers(), unused);
    scan(node.getTypeParameters(), unused);
    scan(node.getExtendsClause(), unused);
    scan(node.getImplementsClause(), unused);
    List<Tree> written = new ArrayList<>();
    for (Tree member : node.getMembers()) {
      if (isWritten(member, node)) {
        written.add(member);
      }
    }
    scan(written, unused);
    return null;
  }

  /** False for members javac adds itself: default and anonymous-class constructors. */
  private boolean isWritten(Tree member, ClassTree owner) {
    if (!(member instanceof MethodTree)) {
      return true;
    }
    Element element = element(new TreePath(getCurrentPath(), member));
    if (element == null) {
      return true;
    }
    if (elements.getOrigin(element) != Elements.Origin.EXPLICIT) {
      return false;
    }
    return !(element.getKind() == ElementKind.CONSTRUCTOR && owner.getSimpleName().length() == 0);
  }

  @Override
  public Void visitMethod(MethodTree node, Void unused) {
    text.token("name", node.getName().toString());
    scan(node.getModifiers(), unused);
    scan(node.getReturnType(), unused);
    scan(node.getTypeParameters(), unused);
    scan(node.getParameters(), unused);
    scan(node.getReceiverParameter(), unused);
    scan(node.getThrows(), unused);
    scan(node.getBody(), unused);
    scan(node.getDefaultValue(), unused);
    return null;
  }

  @Override
  public Void visitVariable(VariableTree node, Void unused) {
    scan(node.getModifiers(), unused);
    text.token("name", node.getName().toString());
    Element element = element(getCurrentPath());
    if (element instanceof VariableElement) {
      TypeMirror type = element.asType();
      if (CanonicalNames.containsError(type)) {
        listener.unresolved(node.getName().toString());
      }
      text.token("type", names.type(type));
    } else {
      scan(node.getType(), unused);
    }
    scan(node.getInitializer(), unused);
    return null;
  }

  /**
   * Writes the flags in the tree, except {@code final} on a try-with-resources variable, which
   * JDK 17's parser adds itself (resources are implicitly final) and later ones do not.
   */
  @Override
  public Void visitModifiers(ModifiersTree node, Void unused) {
    boolean resource = isTryResource(getCurrentPath().getParentPath());
    Set<String> flags = new TreeSet<>();
    for (Modifier modifier : node.getFlags()) {
      if (!(resource && modifier == Modifier.FINAL)) {
        flags.add(modifier.toString());
      }
    }
    text.token("flags", String.join(",", flags));
    scan(node.getAnnotations(), unused);
    return null;
  }

  private static boolean isTryResource(TreePath variable) {
    if (variable == null || !(variable.getLeaf() instanceof VariableTree)) {
      return false;
    }
    TreePath parent = variable.getParentPath();
    return parent != null && parent.getLeaf() instanceof TryTree
        && ((TryTree) parent.getLeaf()).getResources().contains(variable.getLeaf());
  }

  @Override
  public Void visitTypeParameter(TypeParameterTree node, Void unused) {
    text.token("name", node.getName().toString());
    scan(node.getAnnotations(), unused);
    scan(node.getBounds(), unused);
    return null;
  }

  @Override
  public Void visitAnnotation(AnnotationTree node, Void unused) {
    scan(node.getAnnotationType(), unused);
    scan(node.getArguments(), unused);
    return null;
  }

  // ---- statements ----

  @Override
  public Void visitBlock(BlockTree node, Void unused) {
    text.token("static", Boolean.toString(node.isStatic()));
    List<? extends StatementTree> statements = node.getStatements();
    TreePath parent = getCurrentPath().getParentPath();
    if (parent != null && parent.getLeaf() instanceof MethodTree
        && ((MethodTree) parent.getLeaf()).getName().contentEquals("<init>")
        && !statements.isEmpty() && isImplicitSuperCall(statements.get(0), node)) {
      statements = statements.subList(1, statements.size());
    }
    scan(statements, unused);
    return null;
  }

  /** Javac adds {@code super();} to constructors that call neither super nor this, at '{'. */
  private boolean isImplicitSuperCall(StatementTree statement, BlockTree body) {
    if (!(statement instanceof ExpressionStatementTree)) {
      return false;
    }
    ExpressionTree expression = ((ExpressionStatementTree) statement).getExpression();
    if (!(expression instanceof MethodInvocationTree)) {
      return false;
    }
    MethodInvocationTree call = (MethodInvocationTree) expression;
    if (!(call.getMethodSelect() instanceof IdentifierTree)
        || !((IdentifierTree) call.getMethodSelect()).getName().contentEquals("super")
        || !call.getArguments().isEmpty()) {
      return false;
    }
    CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
    SourcePositions positions = trees.getSourcePositions();
    return positions.getStartPosition(unit, statement) == positions.getStartPosition(unit, body);
  }

  @Override
  public Void visitEmptyStatement(EmptyStatementTree node, Void unused) {
    return null;
  }

  @Override
  public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitIf(IfTree node, Void unused) {
    scan(node.getCondition(), unused);
    scan(node.getThenStatement(), unused);
    scan(node.getElseStatement(), unused);
    return null;
  }

  @Override
  public Void visitWhileLoop(WhileLoopTree node, Void unused) {
    scan(node.getCondition(), unused);
    scan(node.getStatement(), unused);
    return null;
  }

  @Override
  public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
    scan(node.getStatement(), unused);
    scan(node.getCondition(), unused);
    return null;
  }

  @Override
  public Void visitForLoop(ForLoopTree node, Void unused) {
    scan(node.getInitializer(), unused);
    scan(node.getCondition(), unused);
    scan(node.getUpdate(), unused);
    scan(node.getStatement(), unused);
    return null;
  }

  @Override
  public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
    scan(node.getVariable(), unused);
    scan(node.getExpression(), unused);
    scan(node.getStatement(), unused);
    return null;
  }

  @Override
  public Void visitLabeledStatement(LabeledStatementTree node, Void unused) {
    text.token("label", node.getLabel().toString());
    scan(node.getStatement(), unused);
    return null;
  }

  @Override
  public Void visitBreak(BreakTree node, Void unused) {
    text.token("label", node.getLabel() == null ? "" : node.getLabel().toString());
    return null;
  }

  @Override
  public Void visitContinue(ContinueTree node, Void unused) {
    text.token("label", node.getLabel() == null ? "" : node.getLabel().toString());
    return null;
  }

  @Override
  public Void visitReturn(ReturnTree node, Void unused) {
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitThrow(ThrowTree node, Void unused) {
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitAssert(AssertTree node, Void unused) {
    scan(node.getCondition(), unused);
    scan(node.getDetail(), unused);
    return null;
  }

  @Override
  public Void visitYield(YieldTree node, Void unused) {
    scan(node.getValue(), unused);
    return null;
  }

  @Override
  public Void visitSynchronized(SynchronizedTree node, Void unused) {
    scan(node.getExpression(), unused);
    scan(node.getBlock(), unused);
    return null;
  }

  @Override
  public Void visitTry(TryTree node, Void unused) {
    scan(node.getResources(), unused);
    scan(node.getBlock(), unused);
    scan(node.getCatches(), unused);
    scan(node.getFinallyBlock(), unused);
    return null;
  }

  @Override
  public Void visitCatch(CatchTree node, Void unused) {
    scan(node.getParameter(), unused);
    scan(node.getBlock(), unused);
    return null;
  }

  @Override
  public Void visitSwitch(SwitchTree node, Void unused) {
    scan(node.getExpression(), unused);
    scan(node.getCases(), unused);
    return null;
  }

  @Override
  public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
    scan(node.getExpression(), unused);
    scan(node.getCases(), unused);
    return null;
  }

  /**
   * Writes the constant labels ({@code getExpressions()}, the same on every JDK), then the
   * pattern labels and guard that only a JDK 21+ tree has, then the body.
   */
  @Override
  public Void visitCase(CaseTree node, Void unused) {
    boolean rule = node.getCaseKind() == CaseTree.CaseKind.RULE;
    text.token("kind", rule ? "rule" : "statement");
    scan(node.getExpressions(), unused);
    for (Object label : invokeList(CASE_GET_LABELS, node)) {
      Tree labelTree = (Tree) label;
      String kind = labelTree.getKind().name();
      if (kind.equals("PATTERN_CASE_LABEL") || kind.endsWith("_PATTERN")) {
        text.token("pattern");
        scan(labelTree, unused);
      }
    }
    Object guard = invoke(CASE_GET_GUARD, node);
    if (guard instanceof Tree) {
      text.token("guard");
      scan((Tree) guard, unused);
    }
    if (rule) {
      scan(node.getBody(), unused);
    } else {
      scan(node.getStatements(), unused);
    }
    return null;
  }

  // ---- expressions ----

  @Override
  public Void visitIdentifier(IdentifierTree node, Void unused) {
    String name = node.getName().toString();
    text.token("name", name);
    symbol(name, false);
    return null;
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree node, Void unused) {
    String name = node.getIdentifier().toString();
    text.token("name", name);
    symbol(name, isSuper(node.getExpression()));
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
    scan(node.getTypeArguments(), unused);
    scan(node.getMethodSelect(), unused);
    scan(node.getArguments(), unused);
    return null;
  }

  @Override
  public Void visitMemberReference(MemberReferenceTree node, Void unused) {
    text.token("mode", node.getMode().name());
    String name = node.getName().toString();
    text.token("name", name);
    symbol(name, isSuper(node.getQualifierExpression()));
    scan(node.getQualifierExpression(), unused);
    scan(node.getTypeArguments(), unused);
    return null;
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void unused) {
    symbol("new", false);
    scan(node.getEnclosingExpression(), unused);
    scan(node.getIdentifier(), unused);
    scan(node.getTypeArguments(), unused);
    scan(node.getArguments(), unused);
    scan(node.getClassBody(), unused);
    return null;
  }

  @Override
  public Void visitNewArray(NewArrayTree node, Void unused) {
    scan(node.getType(), unused);
    scan(node.getDimensions(), unused);
    if (node.getInitializers() == null) {
      text.absent();
    } else {
      scan(node.getInitializers(), unused);
    }
    scan(node.getAnnotations(), unused);
    if (node.getDimAnnotations() != null) {
      for (List<? extends AnnotationTree> annotations : node.getDimAnnotations()) {
        scan(annotations, unused);
      }
    }
    return null;
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    text.token("body", node.getBodyKind().name());
    scan(node.getParameters(), unused);
    scan(node.getBody(), unused);
    return null;
  }

  @Override
  public Void visitLiteral(LiteralTree node, Void unused) {
    Object value = node.getValue();
    text.token(value == null ? "null" : value.toString());
    return null;
  }

  @Override
  public Void visitParenthesized(ParenthesizedTree node, Void unused) {
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitAssignment(AssignmentTree node, Void unused) {
    scan(node.getVariable(), unused);
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
    scan(node.getVariable(), unused);
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitUnary(UnaryTree node, Void unused) {
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitBinary(BinaryTree node, Void unused) {
    scan(node.getLeftOperand(), unused);
    scan(node.getRightOperand(), unused);
    return null;
  }

  @Override
  public Void visitConditionalExpression(ConditionalExpressionTree node, Void unused) {
    scan(node.getCondition(), unused);
    scan(node.getTrueExpression(), unused);
    scan(node.getFalseExpression(), unused);
    return null;
  }

  @Override
  public Void visitTypeCast(TypeCastTree node, Void unused) {
    scan(node.getType(), unused);
    scan(node.getExpression(), unused);
    return null;
  }

  @Override
  public Void visitInstanceOf(InstanceOfTree node, Void unused) {
    scan(node.getExpression(), unused);
    if (node.getPattern() != null) {
      scan(node.getPattern(), unused);
    } else {
      scan(node.getType(), unused);
    }
    return null;
  }

  @Override
  public Void visitBindingPattern(BindingPatternTree node, Void unused) {
    scan(node.getVariable(), unused);
    return null;
  }

  @Override
  public Void visitArrayAccess(ArrayAccessTree node, Void unused) {
    scan(node.getExpression(), unused);
    scan(node.getIndex(), unused);
    return null;
  }

  @Override
  public Void visitErroneous(ErroneousTree node, Void unused) {
    listener.unresolved("<erroneous>");
    scan(node.getErrorTrees(), unused);
    return null;
  }

  // ---- types ----

  @Override
  public Void visitPrimitiveType(PrimitiveTypeTree node, Void unused) {
    text.token(node.getPrimitiveTypeKind().name());
    return null;
  }

  @Override
  public Void visitArrayType(ArrayTypeTree node, Void unused) {
    scan(node.getType(), unused);
    return null;
  }

  @Override
  public Void visitParameterizedType(ParameterizedTypeTree node, Void unused) {
    scan(node.getType(), unused);
    scan(node.getTypeArguments(), unused);
    return null;
  }

  @Override
  public Void visitWildcard(WildcardTree node, Void unused) {
    scan(node.getBound(), unused);
    return null;
  }

  @Override
  public Void visitUnionType(UnionTypeTree node, Void unused) {
    scan(node.getTypeAlternatives(), unused);
    return null;
  }

  @Override
  public Void visitIntersectionType(IntersectionTypeTree node, Void unused) {
    scan(node.getBounds(), unused);
    return null;
  }

  @Override
  public Void visitAnnotatedType(AnnotatedTypeTree node, Void unused) {
    scan(node.getAnnotations(), unused);
    scan(node.getUnderlyingType(), unused);
    return null;
  }

  // ---- reflection for tree methods newer than JDK 17 ----

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Object invoke(Method method, Object target) {
    if (method == null) {
      return null;
    }
    try {
      return method.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return null;
    }
  }

  private static List<?> invokeList(Method method, Object target) {
    Object result = invoke(method, target);
    return result instanceof List ? (List<?>) result : List.of();
  }
}
