package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@code for} whose header declares a local of a record ({@code for (State s = new State(x, 0);
 * s.t() < n; s = new State(...))}) written as the {@code while} it means, its declaration before
 * it and its updates last in its body and before each {@code continue} that goes to them, in a
 * block of their own: so that {@link RecordLocals} finds the local declared, and given new values,
 * by statements.
 */
final class RecordLoopHeaders {

  private RecordLoopHeaders() {}

  static void rewrite(MethodDeclaration m, Predicate<VariableDeclarationExpr> declaresRecord) {
    for (ForStmt f : m.findAll(ForStmt.class)) {
      if (f.getInitialization().size() == 1 && f.getInitialization().get(0) instanceof VariableDeclarationExpr d
          && d.getVariables().size() == 1 && declaresRecord.test(d)) {
        asWhile(f, d);
      }
    }
  }

  private static void asWhile(ForStmt f, VariableDeclarationExpr d) {
    Statement at = f.getParentNode().orElse(null) instanceof LabeledStmt l ? l : f;
    for (ContinueStmt c : continues(f)) {
      BlockStmt updateAndContinue = SourceRewrites.at(new BlockStmt(), c);
      c.replace(updateAndContinue);
      f.getUpdate().forEach(u -> updateAndContinue.addStatement(SourceRewrites.at(new ExpressionStmt(u.clone()), c)));
      updateAndContinue.addStatement(c);
    }
    BlockStmt body = f.getBody() instanceof BlockStmt b ? b : SourceRewrites.at(new BlockStmt(NodeList.nodeList(f.getBody())), f.getBody());
    for (Expression u : f.getUpdate()) {
      body.addStatement(SourceRewrites.at(new ExpressionStmt(u), u));
    }
    Expression test = f.getCompare().orElseGet(() -> SourceRewrites.at(new BooleanLiteralExpr(true), f));
    WhileStmt loop = SourceRewrites.at(new WhileStmt(test, body), f);
    BlockStmt scope = SourceRewrites.at(new BlockStmt(), at);
    at.replace(scope);
    scope.addStatement(SourceRewrites.at(new ExpressionStmt(d), d));
    if (at instanceof LabeledStmt l) {
      l.setStatement(loop);
      scope.addStatement(l);
    } else {
      scope.addStatement(loop);
    }
  }

  /** The {@code continue}s in {@code f}'s body that go to {@code f}'s updates. */
  private static List<ContinueStmt> continues(ForStmt f) {
    Optional<String> label = f.getParentNode().filter(p -> p instanceof LabeledStmt)
        .map(p -> ((LabeledStmt) p).getLabel().getIdentifier());
    return f.getBody().findAll(ContinueStmt.class, c -> c.getLabel().isPresent()
        ? label.filter(l -> l.equals(c.getLabel().get().getIdentifier())).isPresent()
        : nearestLoop(c) == f);
  }

  private static Node nearestLoop(Node n) {
    Node p = n.getParentNode().orElse(null);
    while (p != null && !(p instanceof ForStmt || p instanceof ForEachStmt || p instanceof WhileStmt || p instanceof DoStmt)) {
      p = p.getParentNode().orElse(null);
    }
    return p;
  }
}
