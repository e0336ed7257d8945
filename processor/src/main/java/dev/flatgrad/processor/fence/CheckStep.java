package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import java.util.OptionalDouble;

/**
 * The difference step a method's {@code @CheckInputs(step = ...)} sets for its generated checks
 * ({@code checkFoo}, {@code checkFooTangent}, {@code checkFooHvp}), read from the source as the
 * plugin's {@code check} goal reads it: a number in [0, 1) written in place. None, or 0, leaves
 * the checks their own default.
 */
public final class CheckStep {

  private CheckStep() {}

  /** The step {@code m}'s {@code @CheckInputs} sets, if it sets one. */
  public static OptionalDouble of(MethodDeclaration m) {
    for (AnnotationExpr a : m.getAnnotations()) {
      String name = a.getNameAsString();
      if ((name.equals("CheckInputs") || name.equals("dev.flatgrad.annotations.CheckInputs"))
          && a instanceof NormalAnnotationExpr normal) {
        for (MemberValuePair pair : normal.getPairs()) {
          if (pair.getNameAsString().equals("step")) {
            return step(pair.getValue());
          }
        }
      }
    }
    return OptionalDouble.empty();
  }

  private static OptionalDouble step(Expression e) {
    double step = e instanceof DoubleLiteralExpr d ? d.asDouble()
        : e instanceof IntegerLiteralExpr i ? i.asNumber().doubleValue() : Double.NaN;
    if (!(step >= 0 && step < 1)) {
      throw new Problem(Nodes.pos(e), Tag.CHECK_INPUTS, "the step must be a number in [0, 1) written in"
          + " place, like 1e-3, which flatgrad reads from the source; not " + e);
    }
    return step > 0 ? OptionalDouble.of(step) : OptionalDouble.empty();
  }
}
