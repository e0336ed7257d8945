package dev.flatgrad.processor.lower;

import static dev.flatgrad.processor.fence.Nodes.pos;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.ExceptionArguments;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lowers a guard, {@code throw new SomeException(arguments)}: the exception's class resolved as
 * the user's file resolves it, its arguments kept as the user wrote them around the method's
 * values ({@link ExceptionArguments}), which are lowered like any expression.
 */
final class Throws {

  private final ClassContext cls;
  private final Function<Expression, Expr> values;

  Throws(ClassContext cls, Function<Expression, Expr> values) {
    this.cls = cls;
    this.values = values;
  }

  /** The throw, or a problem if it is not {@code throw new T(...)} of a class flatgrad finds (the fence reports those). */
  Stmt.Throw lower(ThrowStmt t, Function<ThrowStmt, Problem> unsupported) {
    ObjectCreationExpr created = ExceptionArguments.created(t).orElseThrow(() -> unsupported.apply(t));
    ClassRef exception = resolve(created.getType().getNameWithScope(), created);
    List<Stmt.Throw.Piece> pieces = new ArrayList<>();
    arguments(created.getArguments(), pieces);
    return new Stmt.Throw(exception, pieces, pos(t));
  }

  /**
   * {@code assert check : message;} as the guard it is where the user's class runs its asserts:
   * {@code if (enabled && !check) throw new AssertionError(message);}, {@code enabled} the
   * generated class's reading of the user's class's assertion status.
   */
  Stmt.If lowerAssert(AssertStmt a, Expr check, Expr enabled) {
    List<Stmt.Throw.Piece> pieces = new ArrayList<>();
    a.getMessage().ifPresent(m -> argument(m, pieces, false, false));
    Stmt.Throw error = new Stmt.Throw(new ClassRef("java.lang", "AssertionError"), pieces, pos(a));
    Expr failed = new Expr.Binary(BinaryOp.AND, enabled, Simplifier.not(check), Type.BOOLEAN);
    return new Stmt.If(failed, new Block(List.of(error)), Block.EMPTY, pos(a));
  }

  private void arguments(List<Expression> args, List<Stmt.Throw.Piece> out) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.add(new Stmt.Throw.Text(", "));
      }
      argument(args.get(i), out, false, false);
    }
  }

  private void argument(Expression e, List<Stmt.Throw.Piece> out, boolean concatenated, boolean right) {
    switch (ExceptionArguments.kind(e)) {
      case LITERAL -> out.add(new Stmt.Throw.Text(e.toString()));
      case CONCATENATION -> {
        List<Expression> sides = ExceptionArguments.parts(e);
        argument(sides.get(0), out, true, false);
        out.add(new Stmt.Throw.Text(" + "));
        argument(sides.get(1), out, true, true);
      }
      case PARENTHESES -> {
        out.add(new Stmt.Throw.Text("("));
        argument(ExceptionArguments.parts(e).get(0), out, false, false);
        out.add(new Stmt.Throw.Text(")"));
      }
      case FORMATTING -> {
        MethodCallExpr call = (MethodCallExpr) e;
        out.add(new Stmt.Throw.Named(resolve(call.getScope().orElseThrow().toString(), call)));
        out.add(new Stmt.Throw.Text("." + call.getNameAsString() + "("));
        arguments(call.getArguments(), out);
        out.add(new Stmt.Throw.Text(")"));
      }
      case VALUE -> out.add(new Stmt.Throw.Value(values.apply(e), concatenated, right));
    }
  }

  private ClassRef resolve(String name, com.github.javaparser.ast.Node at) {
    return cls.resolveClass(name).orElseThrow(() -> new Problem(pos(at), Tag.UNKNOWN_NAME,
        "cannot find class " + name + ": import it, or write its qualified name"));
  }
}
