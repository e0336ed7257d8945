package dev.flatgrad.processor.ir;

import java.util.Arrays;
import java.util.List;

/** Calls of runtime Nd functions that the generator itself writes (sums, copies, zeros). */
public final class NdCalls {

  private NdCalls() {}

  public static Expr call(String name, Type result, Expr... args) {
    List<Type> types = Arrays.stream(args).map(Expr::type).toList();
    return new Expr.Call(null, new Callee(ClassRef.ND, name, types, result, Callee.Kind.ND), List.of(args), Pos.NONE);
  }

  /** Whether {@code e} is a call of Nd function {@code name}. */
  public static boolean is(Expr e, String name) {
    return e instanceof Expr.Call c && c.callee().owner().equals(ClassRef.ND) && c.callee().name().equals(name);
  }

  public static Expr add(Expr a, Expr b) {
    return call("add", a.type(), a, b);
  }

  public static Expr addInPlace(Expr acc, Expr x) {
    return call("addInPlace", acc.type(), acc, x);
  }

  public static Expr subtractInPlace(Expr acc, Expr x) {
    return call("subtractInPlace", acc.type(), acc, x);
  }

  public static Expr multiply(Expr a, Expr b) {
    return call("multiply", a.type().isArray() ? a.type() : b.type(), a, b);
  }

  /** A copy that may be written without touching the original. */
  public static Expr copy(Expr a) {
    if (a.type().rank() == 1) {
      return new Expr.Call(a, new Callee(new ClassRef("", "array"), "clone", List.of(), a.type(), Callee.Kind.INTRINSIC),
          List.of(), Pos.NONE);
    }
    return call("copy", a.type(), a);
  }
}
