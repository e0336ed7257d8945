package dev.flatgrad.processor.ir;

import java.util.List;

/** Calls on the runtime's stacks, as IR. */
public final class Tapes {

  private static final String RUNTIME = "dev.flatgrad.runtime";

  private Tapes() {}

  /** The runtime class of a stack of values of this type. */
  public static ClassRef stackClass(Type element) {
    if (element.isReference()) {
      return new ClassRef(RUNTIME, "RefStack");
    }
    return switch (element.prim()) {
      case DOUBLE -> new ClassRef(RUNTIME, "DoubleStack");
      case INT -> new ClassRef(RUNTIME, "IntStack");
      case LONG -> new ClassRef(RUNTIME, "LongStack");
      case BOOLEAN -> new ClassRef(RUNTIME, "BooleanStack");
      case CHAR -> new ClassRef(RUNTIME, "CharStack");
      case OBJECT -> throw new AssertionError("objects are references");
    };
  }

  /** {@code stack.push(value);} */
  public static Stmt push(Variable stack, Expr value) {
    return new Stmt.Eval(call(stack, "push", List.of(value), stack.type()), Pos.NONE);
  }

  /** {@code stack.release();}: the stack goes back to its thread's pool for the next call. */
  public static Stmt release(Variable stack) {
    return new Stmt.Eval(call(stack, "release", List.of(), stack.type()), Pos.NONE);
  }

  /** {@code stack.pop()} */
  public static Expr pop(Variable stack) {
    return call(stack, "pop", List.of(), stack.type());
  }

  /** Whether evaluating {@code e} pops a stack (so it must be evaluated exactly once). */
  public static boolean pops(Expr e) {
    boolean[] found = {false};
    Exprs.walk(e, x -> found[0] |= x instanceof Expr.Call c && c.callee().name().equals("pop")
        && c.callee().owner().packageName().equals(RUNTIME));
    return found[0];
  }

  /** Whether {@code e} is {@code stack.name(...)}: a push, pop or record on that stack. */
  public static boolean isCall(Expr e, Variable stack, String name) {
    return e instanceof Expr.Call c && c.receiver() instanceof Expr.Ref r && r.var() == stack
        && c.callee().name().equals(name);
  }

  /** {@code stack.record(cond)}: pushes and returns a branch direction. */
  public static Expr record(Variable stack, Expr cond) {
    return call(stack, "record", List.of(cond), Type.BOOLEAN);
  }

  private static Expr call(Variable stack, String name, List<Expr> args, Type result) {
    Callee callee =
        new Callee(
            stackClass(stack.type()),
            name,
            args.stream().map(Expr::type).toList(),
            result,
            Callee.Kind.INTRINSIC);
    return new Expr.Call(new Expr.Ref(stack), callee, args, Pos.NONE);
  }
}
