package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A method body written where it is called ({@link RecordMethods}): its returns made assignments of the result. */
final class ReturnsAsAssignments {

  private ReturnsAsAssignments() {}

  /**
   * {@code stmts} with each {@code return e;} made {@code result = e;}: where every return ends a
   * branch, as if/else ({@code T result; if (c) { result = a; } else { ...; result = b; }}, or
   * {@code T result = e;} after the rest where the one return is last); else in a loop left
   * where it returned, {@code inline: do { ...; result = e; break inline; ... } while (false);}.
   * A {@code null} type: the returns are {@code return;} of a {@code void} method, which only leave.
   */
  static List<Statement> assigning(NodeList<Statement> stmts, Type type, String result, Set<String> taken,
      Node at) {
    List<Statement> out = new ArrayList<>();
    if (!stmts.isEmpty() && stmts.getLast().get() instanceof ReturnStmt last
        && stmts.stream().filter(x -> x != last).noneMatch(x -> x.findFirst(ReturnStmt.class).isPresent())) {
      out.addAll(stmts.subList(0, stmts.size() - 1));
      last.getExpression().ifPresent(e -> out.add(SourceRewrites.at(new ExpressionStmt(new VariableDeclarationExpr(
          new VariableDeclarator(type, result, e))), last)));
      return out;
    }
    if (type != null) {
      out.add(SourceRewrites.at(new ExpressionStmt(new VariableDeclarationExpr(new VariableDeclarator(type, result))),
          at));
    }
    // On copies: a conversion that fails half way has moved nodes of the original into its new ifs.
    Optional<List<Statement>> branches = branches(stmts.stream().map(Statement::clone).toList(), result);
    if (branches.isPresent()) {
      out.addAll(branches.get());
      return out;
    }
    String label = SourceRewrites.fresh("inline", taken);
    BlockStmt body = new BlockStmt(stmts);
    if (body.getStatements().getLast().orElse(null) instanceof ReturnStmt last) {
      // The last leaves by falling out: a break there would end the body unreachably.
      if (last.getExpression().isPresent()) {
        last.replace(assign(result, last));
      } else {
        last.remove();
      }
    }
    for (ReturnStmt r : body.findAll(ReturnStmt.class)) {
      BlockStmt assignAndLeave = SourceRewrites.at(new BlockStmt(), r);
      if (r.getExpression().isPresent()) {
        assignAndLeave.addStatement(assign(result, r));
      }
      assignAndLeave.addStatement(SourceRewrites.at(new BreakStmt(label), r));
      r.replace(assignAndLeave);
    }
    out.add(SourceRewrites.at(new LabeledStmt(label,
        SourceRewrites.at(new DoStmt(body, SourceRewrites.at(new BooleanLiteralExpr(false), at)), at)), at));
    return out;
  }

  /** The statements with every return ending a branch made an assignment, the rest after an if put in its else; empty if a return is in a loop. */
  private static Optional<List<Statement>> branches(List<Statement> stmts, String result) {
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < stmts.size(); i++) {
      Statement s = stmts.get(i);
      List<Statement> rest = stmts.subList(i + 1, stmts.size());
      if (s.findFirst(ReturnStmt.class).isEmpty()) {
        out.add(s);
      } else if (s instanceof ReturnStmt r) {
        if (r.getExpression().isPresent()) {
          out.add(assign(result, r));
        }
        return Optional.of(out);
      } else if (s instanceof BlockStmt b) {
        List<Statement> inner = new ArrayList<>(b.getStatements());
        inner.addAll(rest);
        return branches(inner, result).map(x -> {
          out.addAll(x);
          return out;
        });
      } else if (s instanceof IfStmt f) {
        Optional<List<Statement>> then = branches(withRest(f.getThenStmt(), rest), result);
        Optional<List<Statement>> otherwise = branches(withRest(f.getElseStmt().orElse(null), rest), result);
        if (then.isEmpty() || otherwise.isEmpty()) {
          return Optional.empty();
        }
        if (then.get().isEmpty() && !otherwise.get().isEmpty()) {
          // if (v.length == 0) return; of a void method: the rest under the negated test, no empty branch.
          Expression negated = SourceRewrites.allAt(negated(f.getCondition()), f.getCondition());
          out.add(SourceRewrites.at(new IfStmt(negated, block(otherwise.get(), f), null), f));
        } else {
          out.add(SourceRewrites.at(new IfStmt(f.getCondition(), block(then.get(), f.getThenStmt()),
              otherwise.get().isEmpty() ? null : block(otherwise.get(), f)), f));
        }
        return Optional.of(out);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** {@code !c}: {@code a != b} for {@code a == b} and back (for doubles too, NaN included), else {@code !(c)}. */
  private static Expression negated(Expression c) {
    if (c instanceof BinaryExpr b && (b.getOperator() == BinaryExpr.Operator.EQUALS
        || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)) {
      return new BinaryExpr(b.getLeft().clone(), b.getRight().clone(), b.getOperator() == BinaryExpr.Operator.EQUALS
          ? BinaryExpr.Operator.NOT_EQUALS : BinaryExpr.Operator.EQUALS);
    }
    if (c instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      return u.getExpression().clone();
    }
    return new UnaryExpr(new EnclosedExpr(c.clone()), UnaryExpr.Operator.LOGICAL_COMPLEMENT);
  }

  private static List<Statement> withRest(Statement branch, List<Statement> rest) {
    List<Statement> out = new ArrayList<>();
    if (branch instanceof BlockStmt b) {
      out.addAll(b.getStatements());
    } else if (branch != null) {
      out.add(branch);
    }
    if (out.isEmpty() || !(out.get(out.size() - 1) instanceof ReturnStmt || out.get(out.size() - 1) instanceof ThrowStmt)) {
      rest.forEach(x -> out.add(x.clone()));
    }
    return out;
  }

  private static BlockStmt block(List<Statement> stmts, Node at) {
    return SourceRewrites.at(new BlockStmt(new NodeList<>(stmts)), at);
  }

  private static Statement assign(String result, ReturnStmt r) {
    return SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new AssignExpr(new NameExpr(result),
        r.getExpression().orElseThrow(), AssignExpr.Operator.ASSIGN), r)), r);
  }
}
