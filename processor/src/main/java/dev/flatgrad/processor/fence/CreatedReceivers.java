package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A record's method called on a record made where it is called ({@code new Quote(b, a).widen(f)})
 * written as the call on a new local holding it ({@code Quote quote = new Quote(b, a);} before the
 * statement, then {@code quote.widen(f)}), where the call runs once, before what follows it in its
 * statement ({@link InPlaceOrder}): so that {@link RecordLocals} splits the record, and {@link
 * RecordMethods} writes the method in place, as for a local the user named.
 */
final class CreatedReceivers {

  private CreatedReceivers() {}

  static void rewrite(MethodDeclaration m) {
    InPlaceOrder order = new InPlaceOrder(m);
    Set<String> taken = SourceRewrites.namesIn(m);
    // Innermost first: new R(new R(a).m()).n() declares the inner record before the outer.
    List<MethodCallExpr> calls = new ArrayList<>(m.findAll(MethodCallExpr.class,
        c -> c.getScope().filter(s -> s instanceof ObjectCreationExpr).isPresent()));
    Collections.reverse(calls);
    for (MethodCallExpr c : calls) {
      ObjectCreationExpr made = (ObjectCreationExpr) c.getScope().orElseThrow();
      RecordDeclaration r = RecordParameters.recordNamed(made.getType(), made).orElse(null);
      Statement host = CallHosts.of(c);
      if (r == null || !RecordLocals.plain(r) || made.getAnonymousClassBody().isPresent() || made.getScope().isPresent()
          || host == null || order.whereNot(c, host).isPresent()) {
        continue;
      }
      String type = r.getNameAsString();
      String name = SourceRewrites.fresh(Character.toLowerCase(type.charAt(0)) + type.substring(1), taken);
      c.setScope(SourceRewrites.at(new NameExpr(name), made));
      VariableDeclarator v = new VariableDeclarator(made.getType().clone(), name, made);
      Statement declared = SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new VariableDeclarationExpr(v), made)), made);
      CallHosts.place(host, List.of(declared), false);
    }
  }
}
