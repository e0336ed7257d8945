package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a call's body written before its statement ({@link RecordMethods}) is the same program:
 * the call evaluated once on every run of the statement, before what follows it, and after no
 * earlier call of the statement given what it is given.
 */
final class InPlaceOrder {

  private final MethodDeclaration caller;

  InPlaceOrder(MethodDeclaration caller) {
    this.caller = caller;
  }

  /** Why the call may not run before {@code host}, once, if it may not. */
  Optional<String> whereNot(MethodCallExpr call, Statement host) {
    boolean runsOnce = host instanceof ExpressionStmt || host instanceof ReturnStmt || host instanceof ThrowStmt
        || host instanceof YieldStmt
        || host instanceof IfStmt i && within(i.getCondition(), call)
        || host instanceof WhileStmt w && within(w.getCondition(), call)
        || host instanceof SwitchStmt w && within(w.getSelector(), call)
        || host instanceof ForEachStmt f && within(f.getIterable(), call)
        || host instanceof ForStmt f && f.getInitialization().stream().anyMatch(x -> within(x, call));
    if (!runsOnce) {
      return Optional.of(notOnce("in a for's or do's condition or update"));
    }
    if (host.getParentNode().filter(p -> p instanceof SwitchEntry e && e.getParentNode()
        .filter(x -> x instanceof SwitchExpr).isPresent()).isPresent()
        && !(host instanceof YieldStmt)) {
      return Optional.of(notOnce("in an arm of a switch expression"));
    }
    if (!Increments.unconditional(call, host)) {
      return Optional.of(notOnce("in an operand of &&, || or ?: that may not be evaluated"));
    }
    return sharedWithAnEarlierCall(call, host);
  }

  /**
   * Why a call writing into the arrays {@code written} (names of the caller's locals) may not run
   * before its statement: a part of the statement Java evaluates before the call reads one of them
   * ({@code buf[0] + fill(buf)}, {@code mix(buf) * fill(buf)}, {@code buf[0] += fill(buf)}), and would
   * see what the call writes.
   */
  Optional<String> writesWhatIsReadBefore(MethodCallExpr call, Set<String> written) {
    for (Node child = call, parent = call.getParentNode().orElse(null); parent != null && !(parent instanceof Statement);
        child = parent, parent = parent.getParentNode().orElse(null)) {
      for (Node before : evaluatedBefore(parent, child)) {
        Optional<NameExpr> read = before.findAll(NameExpr.class).stream()
            .filter(n -> written.contains(n.getNameAsString())).findFirst();
        if (read.isPresent()) {
          return Optional.of("it writes into `" + read.get() + "`, which the statement reads before the call, in `"
              + before + "`; written before the statement, the call would run first: compute `" + before
              + "` into a local before the statement");
        }
      }
    }
    return Optional.empty();
  }

  /** The parts of {@code parent} Java evaluates before its part {@code child}. */
  private static java.util.List<Node> evaluatedBefore(Node parent, Node child) {
    java.util.List<Node> out = new java.util.ArrayList<>();
    if (parent instanceof com.github.javaparser.ast.expr.BinaryExpr b && b.getRight() == child) {
      out.add(b.getLeft());
    } else if (parent instanceof MethodCallExpr c) {
      c.getScope().filter(x -> x != child).ifPresent(out::add);
      for (Node a : c.getArguments()) {
        if (a == child) {
          break;
        }
        out.add(a);
      }
    } else if (parent instanceof com.github.javaparser.ast.expr.ObjectCreationExpr c) {
      for (Node a : c.getArguments()) {
        if (a == child) {
          break;
        }
        out.add(a);
      }
    } else if (parent instanceof com.github.javaparser.ast.expr.ArrayInitializerExpr init) {
      for (Node a : init.getValues()) {
        if (a == child) {
          break;
        }
        out.add(a);
      }
    } else if (parent instanceof com.github.javaparser.ast.expr.AssignExpr a && a.getValue() == child) {
      // A compound assignment reads its target first; a plain one evaluates the target's indices first.
      if (a.getOperator() != com.github.javaparser.ast.expr.AssignExpr.Operator.ASSIGN) {
        out.add(a.getTarget());
      } else {
        a.getTarget().findAll(com.github.javaparser.ast.expr.ArrayAccessExpr.class).forEach(x -> out.add(x.getIndex()));
      }
    } else if (parent instanceof com.github.javaparser.ast.expr.ArrayAccessExpr x && x.getIndex() == child
        && !(x.getName() instanceof NameExpr)) {
      out.add(x.getName()); // the array is found first: a row, which a call could replace (a name's stays its own)
    } else if (parent instanceof com.github.javaparser.ast.expr.VariableDeclarationExpr d) {
      for (com.github.javaparser.ast.body.VariableDeclarator v : d.getVariables()) {
        if (v == child || v.isAncestorOf(child)) {
          break;
        }
        v.getInitializer().ifPresent(out::add);
      }
    }
    return out;
  }

  /** Whether {@code call} is {@code part} or in it ({@code for (double v : p.scaled(2))}). */
  private static boolean within(Node part, MethodCallExpr call) {
    return part == call || part.isAncestorOf(call);
  }

  static String notOnce(String where) {
    return "it cannot be " + where + ", where Java may evaluate it not at all or more than once; read it into a"
        + " local before the statement";
  }

  /**
   * A call the statement makes before {@code call} (left of it, as Java evaluates) that is given a
   * name {@code call}'s arguments name ({@code rng.nextGaussian() + p.noisy(rng)}, {@code fill(buf) +
   * p.f(buf)}): written before the statement, {@code call} would run first and see another state.
   */
  private Optional<String> sharedWithAnEarlierCall(MethodCallExpr call, Statement host) {
    Set<String> given = new HashSet<>();
    call.getArguments().forEach(a -> a.findAll(NameExpr.class).forEach(n -> given.add(n.getNameAsString())));
    Node scope = host instanceof IfStmt i ? i.getCondition() : host instanceof WhileStmt w ? w.getCondition() : host;
    for (MethodCallExpr earlier : scope.findAll(MethodCallExpr.class)) {
      if (earlier == call) {
        return Optional.empty();
      }
      if (earlier.isAncestorOf(call) || PureCalls.changesNothing(earlier, caller)) {
        continue;
      }
      boolean shares = earlier.findAll(NameExpr.class).stream().anyMatch(n -> given.contains(n.getNameAsString()));
      if (shares) {
        return Optional.of("it comes after `" + earlier + "`, which the statement calls first and gives what it is"
            + " given; written before the statement it would run first: call `" + earlier + "` in a statement"
            + " before");
      }
    }
    return Optional.empty();
  }
}
