package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.expr.Expression;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Variable;
import java.util.Map;

/** Lowers a free-standing expression over given variables (the rule templates use this). */
public final class Expressions {

  private Expressions() {}

  public static Expr lower(
      Expression e, Map<String, Variable> variables, ClassContext cls, CallResolver calls) {
    Scope scope = new Scope();
    variables.forEach(scope::declare);
    ExprLowering lowering =
        new ExprLowering(
            scope,
            cls,
            calls,
            (field, pos) -> {
              throw new IllegalStateException("templates read no fields: " + field.name());
            });
    return lowering.lower(e);
  }
}
