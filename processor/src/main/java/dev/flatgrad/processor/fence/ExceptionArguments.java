package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.stmt.ThrowStmt;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The guards flatgrad takes, {@code throw new SomeException(arguments)}, and how their arguments
 * divide: the user's text (literals, a string {@code +}, parentheses around text, calls that
 * format text such as {@code String.format} and {@code Arrays.toString}), which generated code
 * repeats as written, around the method's values, which lowering takes like any expression.
 */
public final class ExceptionArguments {

  /** What an argument (or a part of one) is. */
  public enum Kind {
    /** A literal, repeated as written. */
    LITERAL,
    /** {@code left + right} where one side is text. */
    CONCATENATION,
    /** {@code (text)}. */
    PARENTHESES,
    /** {@code String.format(...)}, {@code Arrays.toString(x)} and their kind. */
    FORMATTING,
    /** A value of the method: a variable, an element, arithmetic on them. */
    VALUE
  }

  private static final Set<String> FORMATTING_CLASSES = Set.of("String", "java.lang.String", "Arrays",
      "java.util.Arrays", "Objects", "java.util.Objects", "Double", "java.lang.Double", "Integer",
      "java.lang.Integer", "Long", "java.lang.Long", "Boolean", "java.lang.Boolean");
  private static final Set<String> FORMATTING_METHODS = Set.of("format", "valueOf", "toString",
      "deepToString", "join");

  private ExceptionArguments() {}

  /** The exception a throw creates where it throws it ({@code new T(...)}, no class body), if it does. */
  public static Optional<ObjectCreationExpr> created(ThrowStmt t) {
    return t.getExpression() instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty()
        && o.getScope().isEmpty() && o.getTypeArguments().isEmpty()
        ? Optional.of(o) : Optional.empty();
  }

  public static Kind kind(Expression e) {
    if (e instanceof LiteralExpr) {
      return Kind.LITERAL;
    }
    if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS
        && (isText(b.getLeft()) || isText(b.getRight()))) {
      return Kind.CONCATENATION;
    }
    if (e instanceof EnclosedExpr p && isText(p.getInner())) {
      return Kind.PARENTHESES;
    }
    if (e instanceof MethodCallExpr c && c.getTypeArguments().isEmpty() && FORMATTING_METHODS.contains(c.getNameAsString())
        && c.getScope().filter(s -> FORMATTING_CLASSES.contains(s.toString())).isPresent()) {
      return Kind.FORMATTING;
    }
    return Kind.VALUE;
  }

  /** The arguments inside a concatenation, parentheses or formatting call, in order. */
  public static List<Expression> parts(Expression e) {
    if (e instanceof BinaryExpr b) {
      return List.of(b.getLeft(), b.getRight());
    }
    if (e instanceof EnclosedExpr p) {
      return List.of(p.getInner());
    }
    return ((MethodCallExpr) e).getArguments();
  }

  private static boolean isText(Expression e) {
    return e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr
        || !(e instanceof LiteralExpr) && kind(e) != Kind.VALUE;
  }
}
