package dev.flatgrad.processor.testing;

import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Small IR built by hand, for tests of one stage: {@code add(ref(x), d(1.0))} is {@code x + 1.0}. */
public final class Ir {

  private Ir() {}

  public static Variable scalar(String name) {
    return Variable.local(name, Type.DOUBLE);
  }

  public static Expr ref(Variable v) {
    return new Expr.Ref(v);
  }

  public static Expr d(double value) {
    return Expr.Const.ofDouble(value);
  }

  public static Expr i(int value) {
    return Expr.Const.ofInt(value);
  }

  public static Expr binary(BinaryOp op, Expr a, Expr b) {
    Type t = op.isComparison() || op.isLogical() ? Type.BOOLEAN : a.type().equals(Type.INT) && b.type().equals(Type.INT)
        ? Type.INT : Type.DOUBLE;
    return new Expr.Binary(op, a, b, t);
  }

  public static Expr add(Expr a, Expr b) {
    return binary(BinaryOp.ADD, a, b);
  }

  public static Expr sub(Expr a, Expr b) {
    return binary(BinaryOp.SUB, a, b);
  }

  public static Expr mul(Expr a, Expr b) {
    return binary(BinaryOp.MUL, a, b);
  }

  public static Expr div(Expr a, Expr b) {
    return binary(BinaryOp.DIV, a, b);
  }

  public static Expr neg(Expr a) {
    return new Expr.Unary(UnaryOp.NEG, a, a.type());
  }

  public static Expr not(Expr a) {
    return new Expr.Unary(UnaryOp.NOT, a, Type.BOOLEAN);
  }

  /** A call of {@code Math.name} on doubles. */
  public static Expr math(String name, Expr... args) {
    return new Expr.Call(null, new Callee(ClassRef.MATH, name, Arrays.stream(args).map(Expr::type).toList(),
        Type.DOUBLE, Callee.Kind.MATH), List.of(args), Pos.NONE);
  }

  /** A call of {@code Nd.name} with result type {@code result}. */
  public static Expr nd(String name, Type result, Expr... args) {
    return NdCalls.call(name, result, args);
  }

  public static Stmt.Assign declare(Variable v, Expr value) {
    return new Stmt.Assign(v, null, value, true, Pos.NONE);
  }

  public static Stmt.Assign assign(Variable v, Expr value) {
    return new Stmt.Assign(v, null, value, false, Pos.NONE);
  }

  /** {@code for (int i = 0; i < n; i++) body}. */
  public static Stmt.Loop countUp(Variable i, Expr n, Stmt... body) {
    return new Stmt.Loop(Stmt.LoopKind.FOR, List.of(declare(i, i(0))), binary(BinaryOp.LT, ref(i), n),
        List.of(new Stmt.Assign(i, BinaryOp.ADD, i(1), false, Pos.NONE)), new Block(List.of(body)), Pos.NONE);
  }

  /**
   * A lowered method of class {@code Fixture} returning double: {@code body}, then {@code return
   * output}.
   */
  public static IrMethod method(List<Variable> params, Set<Variable> wrt, Variable output, Stmt... body) {
    List<Stmt> stmts = new java.util.ArrayList<>(List.of(body));
    stmts.add(new Stmt.Return(ref(output), Pos.NONE));
    return new IrMethod(new ClassRef("", "Fixture"), "f", params, wrt, Type.DOUBLE, new Block(stmts), output,
        Pos.NONE);
  }

  /** The chain rule as the pipeline sets it up for a class with no methods of its own. */
  public static Differentiation differentiation() {
    RuleRegistry rules = RuleRegistry.get();
    return new Differentiation(rules, new UserMethods(ClassContext.detached(new ClassRef("", "Fixture")), rules.calls()));
  }
}
