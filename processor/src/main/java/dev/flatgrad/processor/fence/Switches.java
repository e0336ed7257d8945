package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.ArrayCreationLevel;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithStatements;
import com.github.javaparser.ast.nodeTypes.SwitchNode;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Switches on an {@code int}, a {@code String} or an enum, rewritten into the if/else chains they mean before
 * the fence and lowering read a body: {@code switch (k) { case 0 -> a(); case 1, 2 -> b(); default -> c(); }}
 * is {@code if (k == 0) a(); else if (k == 1 || k == 2) b(); else c();}. Each test is marked {@link
 * #CASE_TEST}: lowering, which knows the selector's type, compares a String by {@code equals} (so a
 * null selector throws where Java's switch does), and an int or an enum constant by {@code ==}. Java runs the one
 * matching case (or the default) once, and so does the chain: its tests stop at the first match,
 * and a selector other than a variable is computed once into a local. Both forms are taken:
 * arrows, and colons whose cases end in {@code break} (or cannot complete: return, continue);
 * empty cases share the next one's code ({@code case 1: case 2:}). A switch expression becomes
 * the same chain where it is a whole statement's value ({@code double r = switch ...}, {@code r =
 * switch ...}, {@code return switch ...}: each arm assigns or returns its {@code yield}), a
 * {@code ?:} chain elsewhere (one with only a default is its value, the selector checked for null
 * before the statement, where nothing the statement evaluates first may throw). An enum's constants are compared with {@code ==}, as the labels write
 * them ({@code p == L2}: lowering finds {@code L2} in the selector's enum); a switch expression on
 * one without a default covers every constant, so its last arm is the chain's else.
 *
 * <p>What is not rewritten stays as written and the fence reports it with {@link #whyNot}: a case
 * that falls through into the next, a {@code break} before a case's end, labels that are not
 * {@code int}, String or enum constants (patterns, null: a guard needs a pattern), a {@code yield}
 * before its arm's end.
 */
public final class Switches {

  /** On the {@code selector == label} test of a case: what lowering compares as the switch would. */
  public static final DataKey<Boolean> CASE_TEST = new DataKey<>() {};

  /**
   * On the condition of the guard before a chain, {@code if (selector) throw new NullPointerException();}: the
   * condition is the selector itself, which lowering tests for null when it is an object (an enum, a String, a
   * boxed number) and drops with its guard when it is a primitive, or a String the chain's first test calls
   * {@code equals} on (its value: whether the chain has a case test). Java's switch throws on a null selector
   * before any case, the default too; the chain's {@code ==} tests would not. On the selector of the first test
   * of a {@code ?:} chain, where no statement can stand: lowering reads it through {@code
   * Objects.requireNonNull}, unless it is a String (compared by equals) or a primitive.
   */
  public static final DataKey<Boolean> NULL_GUARD = new DataKey<>() {};

  private Switches() {}

  /** Rewrites every switch of the body that flatgrad takes, inner ones first. */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      // In post-order: inner switches before the ones around them, and the switches of one statement left to
      // right, so that the null checks of default-only ones go before it in the order Java makes them.
      List<Node> switches = new ArrayList<>();
      body.walk(Node.TreeTraversal.POSTORDER, n -> {
        if (n instanceof SwitchNode) {
          switches.add(n);
        }
      });
      Set<String> taken = SourceRewrites.namesIn(m);
      for (Node s : switches) {
        if (whyNot(s).isEmpty()) {
          if (s instanceof SwitchStmt statement) {
            rewriteStatement(statement, taken);
          } else {
            rewriteExpression((SwitchExpr) s, taken);
          }
        }
      }
    });
  }

  /** Why a switch the body still holds was not rewritten: what to write instead. */
  public static Optional<String> whyNot(Node s) {
    SwitchNode sw = (SwitchNode) s;
    Arms arms = arms(sw);
    if (arms.problem != null) {
      return Optional.of(arms.problem);
    }
    if (s instanceof SwitchExpr e) {
      return expressionProblem(e, arms.list);
    }
    return Optional.empty();
  }

  /** One case of a switch: its labels (empty for the default), and the code it runs. */
  private record Arm(List<Expression> labels, boolean isDefault, List<Statement> body, SwitchEntry entry) {}

  private record Arms(List<Arm> list, String problem) {}

  private static Arms problem(String why) {
    return new Arms(List.of(), why);
  }

  /** The switch's cases, empty ones joined to the next, a closing break dropped; or why not. */
  private static Arms arms(SwitchNode sw) {
    List<Arm> arms = new ArrayList<>();
    List<Expression> labels = new ArrayList<>();
    boolean isDefault = false;
    NodeList<SwitchEntry> entries = sw.getEntries();
    for (int e = 0; e < entries.size(); e++) {
      SwitchEntry entry = entries.get(e);
      for (Expression label : entry.getLabels()) {
        if (!isConstant(label)) {
          return problem("case " + label + ": a switch is supported over int, char, String and enum constants only (no"
              + " patterns or null); use if/else");
        }
      }
      labels.addAll(entry.getLabels());
      isDefault |= entry.isDefault();
      List<Statement> body = new ArrayList<>(entry.getStatements());
      boolean last = e == entries.size() - 1;
      if (entry.getType() == SwitchEntry.Type.STATEMENT_GROUP && body.isEmpty() && !last) {
        continue; // case 1: case 2: ... share the next case's code
      }
      if (entry.getType() == SwitchEntry.Type.BLOCK) {
        body = new ArrayList<>(((BlockStmt) body.get(0)).getStatements());
      }
      if (!body.isEmpty() && body.get(body.size() - 1) instanceof BreakStmt b && b.getLabel().isEmpty()) {
        body.remove(body.size() - 1);
      } else if (entry.getType() == SwitchEntry.Type.STATEMENT_GROUP && !last && !cannotComplete(body)) {
        return problem("case " + (labels.isEmpty() ? "default" : labels.get(0)) + " falls through into the next"
            + " case, which is not supported: end it with break (or return)");
      }
      for (Statement st : body) {
        for (BreakStmt b : st.findAll(BreakStmt.class, b -> b.getLabel().isEmpty())) {
          if (target(b) == sw || sw instanceof SwitchExpr) {
            return problem("a break before the end of a case is not supported: use if/else inside the case");
          }
        }
      }
      arms.add(new Arm(List.copyOf(labels), isDefault, body, entry));
      labels.clear();
      isDefault = false;
    }
    return new Arms(arms, null);
  }

  private static boolean isConstant(Expression label) {
    return label instanceof IntegerLiteralExpr || label instanceof CharLiteralExpr || label instanceof StringLiteralExpr
        || label instanceof NameExpr
        || label instanceof FieldAccessExpr
        || label instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS
            && u.getExpression() instanceof IntegerLiteralExpr
        || label instanceof EnclosedExpr en && isConstant(en.getInner());
  }

  /**
   * Whether statements cannot complete normally (JLS 14.22): a colon case that does not fall
   * through ends in a jump on every path, or in a loop only a return leaves.
   */
  private static boolean cannotComplete(List<Statement> body) {
    return !body.isEmpty() && cannotComplete(body.get(body.size() - 1));
  }

  private static boolean cannotComplete(Statement s) {
    if (s instanceof BlockStmt b) {
      return cannotComplete(b.getStatements());
    }
    if (s instanceof IfStmt i) {
      return i.getElseStmt().isPresent() && cannotComplete(i.getThenStmt()) && cannotComplete(i.getElseStmt().get());
    }
    if (s instanceof WhileStmt w) {
      return isTrue(w.getCondition()) && !broken(w);
    }
    if (s instanceof ForStmt f) {
      return f.getCompare().map(Switches::isTrue).orElse(true) && !broken(f);
    }
    if (s instanceof DoStmt d) {
      boolean continued = d.findAll(ContinueStmt.class, c -> c.getLabel().isEmpty() && nearest(c, Switches::isLoop) == d)
          .size() > 0;
      return !broken(d) && (isTrue(d.getCondition()) || cannotComplete(d.getBody()) && !continued);
    }
    if (s instanceof SwitchStmt sw) {
      NodeList<SwitchEntry> entries = sw.getEntries();
      boolean arrows = !entries.isEmpty() && entries.get(0).getType() != SwitchEntry.Type.STATEMENT_GROUP;
      return entries.stream().anyMatch(SwitchEntry::isDefault) && !broken(sw) && (arrows
          ? entries.stream().allMatch(e -> e.getType() != SwitchEntry.Type.EXPRESSION && cannotComplete(e.getStatements()))
          : cannotComplete(entries.getLast().orElseThrow().getStatements()));
    }
    return s instanceof BreakStmt || s instanceof ContinueStmt || s instanceof ReturnStmt || s instanceof ThrowStmt
        || s instanceof YieldStmt;
  }

  private static boolean isTrue(Expression e) {
    return e instanceof BooleanLiteralExpr b && b.getValue();
  }

  /** Whether an unlabelled break inside leaves this loop or switch. */
  private static boolean broken(Statement loopOrSwitch) {
    return loopOrSwitch.findAll(BreakStmt.class, b -> b.getLabel().isEmpty() && target(b) == loopOrSwitch).size() > 0;
  }

  /** The loop or switch an unlabelled break leaves (or cannot leave: a switch expression), if any. */
  private static Node target(BreakStmt b) {
    return nearest(b, n -> n instanceof SwitchNode || isLoop(n));
  }

  private static boolean isLoop(Node n) {
    return n instanceof ForStmt || n instanceof ForEachStmt || n instanceof WhileStmt || n instanceof DoStmt;
  }

  /** The nearest node around {@code from} that {@code is} (an unlabelled jump's target), or null. */
  private static Node nearest(Node from, Predicate<Node> is) {
    Node n = from.getParentNode().orElse(null);
    while (n != null && !is.test(n)) {
      n = n.getParentNode().orElse(null);
    }
    return n;
  }

  // ---------------------------------------------------------------- statements

  private static void rewriteStatement(SwitchStmt s, Set<String> taken) {
    List<Statement> out = new ArrayList<>();
    Expression selector = selector(s, taken, out);
    out.add(chain(s, selector, arms(s).list, arm -> arm.body));
    s.replace(block(out, s));
  }

  /**
   * The selector as the chain's tests read it: a variable or constant as written, anything else
   * computed once into a new local (added to {@code out}).
   */
  private static Expression selector(SwitchNode s, Set<String> taken, List<Statement> out) {
    Expression selector = s.getSelector();
    List<Arm> arms = arms(s).list;
    if (isSimple(selector)) {
      out.add(nullGuard(selector, arms));
      return selector;
    }
    String name = SourceRewrites.fresh("selector", taken);
    // var: an int, or the enum a switch on one takes
    VariableDeclarationExpr declaration = new VariableDeclarationExpr(
        new VariableDeclarator(new com.github.javaparser.ast.type.VarType(), name, selector.clone()));
    out.add(SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(declaration, selector)), selector));
    NameExpr local = SourceRewrites.at(new NameExpr(name), selector);
    out.add(nullGuard(local, arms));
    return local;
  }

  /** {@code if (selector) throw new NullPointerException();}, a {@link #NULL_GUARD}. */
  private static Statement nullGuard(Expression selector, List<Arm> arms) {
    Expression test = selector.clone();
    test.setData(NULL_GUARD, arms.stream().anyMatch(arm -> !arm.labels.isEmpty()));
    ThrowStmt npe = SourceRewrites.allAt(new ThrowStmt(new ObjectCreationExpr(
        null, new ClassOrInterfaceType(null, "NullPointerException"), new NodeList<>())), selector);
    return SourceRewrites.at(new IfStmt(test, npe, null), selector);
  }

  private static boolean isSimple(Expression e) {
    return e instanceof NameExpr || e instanceof FieldAccessExpr || e instanceof IntegerLiteralExpr
        || e instanceof CharLiteralExpr;
  }

  /** {@code if (test1) {...} else if (test2) {...} else {default}}, each arm's code made by {@code code}. */
  private static Statement chain(Node s, Expression selector, List<Arm> arms,
      Function<Arm, List<Statement>> code) {
    // A switch expression without a default covers every constant of its enum: its last arm is the else.
    Arm fallback = arms.stream().filter(Arm::isDefault).findFirst()
        .orElse(s instanceof SwitchExpr && !arms.isEmpty() ? arms.get(arms.size() - 1) : null);
    Statement chain = fallback == null ? null : block(code.apply(fallback), fallback.entry);
    for (int a = arms.size() - 1; a >= 0; a--) {
      Arm arm = arms.get(a);
      if (arm != fallback) {
        chain = SourceRewrites.at(new IfStmt(test(selector, arm), block(code.apply(arm), arm.entry), chain), arm.entry);
      }
    }
    return chain == null ? block(List.of(), s) : chain;
  }

  /** {@code k == 1 || k == 2} for {@code case 1, 2}, each comparison a {@link #CASE_TEST}. */
  private static Expression test(Expression selector, Arm arm) {
    Expression test = null;
    for (Expression label : arm.labels) {
      Expression equals = SourceRewrites.at(new BinaryExpr(selector.clone(), label.clone(), BinaryExpr.Operator.EQUALS), label);
      equals.setData(CASE_TEST, true);
      test = test == null ? equals : SourceRewrites.at(new BinaryExpr(test, equals, BinaryExpr.Operator.OR), label);
    }
    return test;
  }

  private static BlockStmt block(List<Statement> statements, Node where) {
    NodeList<Statement> copies = new NodeList<>();
    statements.forEach(st -> copies.add(st.clone()));
    return SourceRewrites.at(new BlockStmt(copies), where);
  }


  // ---------------------------------------------------------------- expressions

  /** What the switch expression's place allows: a whole statement's value, or a ?: chain of plain arms. */
  private static Optional<String> expressionProblem(SwitchExpr e, List<Arm> arms) {
    Node parent = e.getParentNode().orElseThrow();
    if (parent instanceof VariableDeclarator v && v.getParentNode().orElseThrow() instanceof VariableDeclarationExpr d
        && d.getParentNode().orElseThrow() instanceof ExpressionStmt st
        && st.getParentNode().orElseThrow() instanceof NodeWithStatements<?>) {
      if (d.getVariables().size() > 1) {
        return Optional.of("a switch expression in a declaration of several variables is not supported: declare `"
            + v.getNameAsString() + "` on its own");
      }
      if (v.getType().isVarType()) {
        return Optional.of("`var " + v.getNameAsString() + " = switch ...` is not supported: write the variable's"
            + " type");
      }
      return yieldsAtTheEnd(e, arms);
    }
    if (parent instanceof AssignExpr a && a.getValue() == e && a.getParentNode().orElseThrow() instanceof ExpressionStmt) {
      return yieldsAtTheEnd(e, arms);
    }
    if (parent instanceof ReturnStmt) {
      return Optional.empty();
    }
    if (!isSimple(e.getSelector()) || arms.stream().anyMatch(arm -> value(arm).isEmpty())) {
      return Optional.of("a switch expression inside a larger expression is supported with a variable as selector"
          + " and an expression in every arm; else give it its own statement (declare a variable with it, assign"
          + " it, or return it)");
    }
    if (onlyDefault(arms) && !isPrimitive(e.getSelector()) && checkedBefore(e).isEmpty()) {
      return Optional.of("a switch expression with only a default inside a larger expression is supported where its"
          + " statement evaluates it first and once (nothing before it there may throw or change state; not in a"
          + " branch of ?:, after && or ||, in a loop's test or a lambda); elsewhere write its value, with"
          + " Objects.requireNonNull(" + e.getSelector() + "); before the statement if the check matters");
    }
    return Optional.empty();
  }

  private static boolean onlyDefault(List<Arm> arms) {
    return arms.stream().allMatch(arm -> arm.labels.isEmpty());
  }

  /**
   * The statement before which the null check of switch expression {@code e} (which tests nothing
   * else) goes as Java makes it: the one {@code e} stands in, if that evaluates {@code e} once, before
   * anything that may throw or change state, and not only on some paths; else empty.
   */
  private static Optional<Statement> checkedBefore(SwitchExpr e) {
    Node child = e;
    Node parent = e.getParentNode().orElseThrow();
    while (!(parent instanceof Statement)) {
      List<Node> children = parent.getChildNodes();
      boolean inOrder = parent instanceof BinaryExpr b && (children.indexOf(child) == 0
              || b.getOperator() != BinaryExpr.Operator.AND && b.getOperator() != BinaryExpr.Operator.OR)
          || parent instanceof ConditionalExpr c && c.getCondition() == child
          || isEvaluatedInOrder(parent);
      // Their children are evaluated in the order written: what stands before e has run when e runs.
      if (!inOrder || children.subList(0, children.indexOf(child)).stream().anyMatch(Switches::mayThrowOrChangeFirst)) {
        return Optional.empty();
      }
      child = parent;
      parent = parent.getParentNode().orElseThrow();
    }
    boolean once = parent instanceof ExpressionStmt || parent instanceof ReturnStmt || parent instanceof ThrowStmt
        || parent instanceof IfStmt i && i.getCondition() == child;
    // An arrow's expression stands alone in its case: no statement can go before it.
    boolean arrow = parent.getParentNode().orElseThrow() instanceof SwitchEntry entry
        && entry.getType() == SwitchEntry.Type.EXPRESSION;
    return once && !arrow ? Optional.of((Statement) parent) : Optional.empty();
  }

  /**
   * Whether evaluating {@code n}, which stands before a default-only switch expression in its statement, may
   * throw or change state there: the default-only switch expressions inside it stand for their values (their
   * own null checks, which only throw NullPointerException, go before the statement first, in order).
   */
  private static boolean mayThrowOrChangeFirst(Node n) {
    // Held in a parenthesis, so that a switch standing alone can be replaced too.
    Node values = n instanceof Expression x ? new EnclosedExpr(x.clone()) : n.clone();
    List<SwitchExpr> inside = new ArrayList<>(values.findAll(SwitchExpr.class));
    Collections.reverse(inside); // inner ones first: an outer one's value is then its inner ones' values
    for (SwitchExpr e : inside) {
      Arms arms = arms(e);
      if (arms.problem == null && onlyDefault(arms.list) && isSimple(e.getSelector())
          && value(arms.list.get(0)).isPresent()) {
        e.replace(value(arms.list.get(0)).orElseThrow().clone());
      }
    }
    return SourceRewrites.mayThrowOrChange(values);
  }

  /**
   * Whether the selector is a primitive (the type of a parameter or local the method declares, a literal), which
   * cannot be null: a default-only switch on it has nothing to check. Not a name a lambda in the method declares,
   * whose type the source may not say.
   */
  private static boolean isPrimitive(Expression selector) {
    Optional<MethodDeclaration> m = selector.findAncestor(MethodDeclaration.class);
    boolean lambdaParameter = selector instanceof NameExpr n && m.isPresent()
        && m.get().findAll(Parameter.class, p -> p.getNameAsString().equals(n.getNameAsString())
            && p.getParentNode().filter(MethodDeclaration.class::isInstance).isEmpty()).size() > 0;
    return m.isPresent() && !lambdaParameter && ArgumentTypes.typeOf(selector, m.get())
        .filter(t -> Set.of("int", "char", "short", "byte").contains(t)).isPresent();
  }

  /** Whether Java evaluates the operands of {@code n} in the order they are written, each once. */
  private static boolean isEvaluatedInOrder(Node n) {
    return n instanceof EnclosedExpr || n instanceof UnaryExpr || n instanceof CastExpr || n instanceof MethodCallExpr
        || n instanceof ObjectCreationExpr || n instanceof ArrayAccessExpr || n instanceof AssignExpr
        || n instanceof VariableDeclarator || n instanceof VariableDeclarationExpr || n instanceof ArrayCreationExpr
        || n instanceof ArrayCreationLevel || n instanceof ArrayInitializerExpr;
  }

  /** Whether every yield of the switch ends its arm on its path, as an assignment in its place would. */
  private static Optional<String> yieldsAtTheEnd(SwitchExpr e, List<Arm> arms) {
    for (Arm arm : arms) {
      for (Statement st : arm.body) {
        for (YieldStmt y : st.findAll(YieldStmt.class, y -> y.findAncestor(SwitchExpr.class).orElse(null) == e)) {
          if (!endsItsArm(y, arm)) {
            return Optional.of("the yield on line " + y.getBegin().map(b -> b.line).orElse(0) + " comes before the"
                + " end of its arm, which is not supported: use if/else so that each path ends with its yield"
                + " (if (c) { yield a; } else { yield b; })");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean endsItsArm(Statement s, Arm arm) {
    Node parent = s.getParentNode().orElseThrow();
    if (parent == arm.entry || parent instanceof BlockStmt && parent.getParentNode().orElseThrow() == arm.entry) {
      return arm.body.get(arm.body.size() - 1) == s;
    }
    if (parent instanceof BlockStmt b) {
      return b.getStatements().getLast().orElseThrow() == s && endsItsArm(b, arm);
    }
    return parent instanceof IfStmt i && endsItsArm(i, arm);
  }

  /** The arm's value, if it is one expression ({@code case 1 -> e;} or {@code case 1: yield e;}). */
  private static Optional<Expression> value(Arm arm) {
    if (arm.body.size() != 1) {
      return Optional.empty();
    }
    Statement only = arm.body.get(0);
    if (arm.entry.getType() == SwitchEntry.Type.EXPRESSION && only instanceof ExpressionStmt st) {
      return Optional.of(st.getExpression());
    }
    return only instanceof YieldStmt y ? Optional.of(y.getExpression()) : Optional.empty();
  }

  private static void rewriteExpression(SwitchExpr e, Set<String> taken) {
    List<Arm> arms = arms(e).list;
    Node parent = e.getParentNode().orElseThrow();
    List<Statement> out = new ArrayList<>();
    if (parent instanceof VariableDeclarator v) {
      Statement declaration = (Statement) v.getParentNode().orElseThrow().getParentNode().orElseThrow();
      v.removeInitializer();
      Expression selector = selector(e, taken, out);
      out.add(chain(e, selector, arms, arm -> yielding(arm, value -> assign(new NameExpr(v.getNameAsString()),
          AssignExpr.Operator.ASSIGN, value))));
      @SuppressWarnings("unchecked")
      NodeWithStatements<Node> around = (NodeWithStatements<Node>) declaration.getParentNode().orElseThrow();
      NodeList<Statement> statements = around.getStatements();
      statements.addAll(statements.indexOf(declaration) + 1, out);
    } else if (parent instanceof AssignExpr a && a.getParentNode().orElseThrow() instanceof ExpressionStmt st) {
      Expression selector = selector(e, taken, out);
      out.add(chain(e, selector, arms, arm -> yielding(arm, value -> assign(a.getTarget(), a.getOperator(), value))));
      st.replace(block(out, st));
    } else if (parent instanceof ReturnStmt r) {
      Expression selector = selector(e, taken, out);
      out.add(chain(e, selector, arms, arm -> yielding(arm, value -> SourceRewrites.at(new ReturnStmt(value.clone()), value))));
      r.replace(block(out, r));
    } else if (onlyDefault(arms)) {
      // Nothing to test: its value, the selector checked for null as Java does, before the statement (a
      // primitive cannot be null).
      Optional<Statement> statement = isPrimitive(e.getSelector()) ? Optional.empty() : checkedBefore(e);
      Statement guard = nullGuard(e.getSelector(), arms);
      e.replace(SourceRewrites.at(new EnclosedExpr(value(arms.get(0)).orElseThrow().clone()), e));
      statement.ifPresent(s -> SourceRewrites.surround(s, List.of(guard), List.of()));
    } else {
      e.replace(conditional(e, arms));
    }
  }

  private static Statement assign(Expression target, AssignExpr.Operator op, Expression value) {
    return SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new AssignExpr(target.clone(), value.clone(), op), value)), value);
  }

  /** The arm's code with each of its values (an arrow's expression, a yield's) made a statement by {@code of}. */
  private static List<Statement> yielding(Arm arm, Function<Expression, Statement> of) {
    if (arm.entry.getType() == SwitchEntry.Type.EXPRESSION && arm.body.get(0) instanceof ExpressionStmt st) {
      return List.of(of.apply(st.getExpression()));
    }
    List<Statement> body = new ArrayList<>();
    for (Statement s : arm.body) {
      Statement copy = s.clone();
      if (copy instanceof YieldStmt y) {
        body.add(of.apply(y.getExpression()));
        continue;
      }
      // A yield inside a switch expression of this arm is that one's (left as written if not rewritten).
      copy.findAll(YieldStmt.class, y -> y.findAncestor(SwitchExpr.class).isEmpty())
          .forEach(y -> y.replace(of.apply(y.getExpression())));
      body.add(copy);
    }
    return body;
  }

  /** {@code k == 0 ? a : k == 1 ? b : c}, the default's value last. */
  private static Expression conditional(SwitchExpr e, List<Arm> arms) {
    Arm fallback = arms.stream().filter(Arm::isDefault).findFirst().orElse(arms.get(arms.size() - 1));
    Expression chain = value(fallback).orElseThrow().clone();
    for (int a = arms.size() - 1; a >= 0; a--) {
      Arm arm = arms.get(a);
      if (arm != fallback) {
        chain = SourceRewrites.at(new ConditionalExpr(test(e.getSelector(), arm), value(arm).orElseThrow().clone(), chain),
            arm.entry);
      }
    }
    if (chain instanceof ConditionalExpr first) {
      // No statement before an expression: its first test reads the selector through the guard.
      Expression test = first.getCondition();
      while (test instanceof BinaryExpr or && or.getOperator() == BinaryExpr.Operator.OR) {
        test = or.getLeft();
      }
      ((BinaryExpr) test).getLeft().setData(NULL_GUARD, true);
    }
    return SourceRewrites.at(new EnclosedExpr(chain), e);
  }
}
