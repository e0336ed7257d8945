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
            new ExprLowering.FieldReads() {
              @Override
              public Expr read(ClassContext.LocalField field, dev.flatgrad.processor.ir.Pos pos) {
                throw new IllegalStateException("templates read no fields: " + field.name());
              }

              @Override
              public Expr readPrivate(dev.flatgrad.processor.ir.ClassRef owner, String name,
                  dev.flatgrad.processor.ir.Type type) {
                throw new IllegalStateException("templates read no fields: " + name);
              }
            });
    return lowering.lower(e);
  }
}
