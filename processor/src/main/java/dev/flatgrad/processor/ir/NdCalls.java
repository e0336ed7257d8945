package dev.flatgrad.processor.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Calls of runtime Nd functions that the generator itself writes (sums, copies, zeros). */
public final class NdCalls {

  /** The in-place forms that add into (or subtract from) their first argument, as {@link #accumulate} emits them. */
  public static final Set<String> ACCUMULATING = Set.of("addInPlace", "subtractInPlace", "addMultiplyInPlace",
      "addDotInPlace", "addTransposeDotInPlace", "addDotTransposeInPlace", "addOuterInPlace");

  private NdCalls() {}

  public static Expr call(String name, Type result, Expr... args) {
    List<Type> types = Arrays.stream(args).map(Expr::type).toList();
    return new Expr.Call(null, new Callee(ClassRef.ND, name, types, result, Callee.Kind.ND), List.of(args), Pos.NONE);
  }

  /** Whether {@code e} is a call of Nd function {@code name}. */
  public static boolean is(Expr e, String name) {
    return e instanceof Expr.Call c && c.callee().owner().equals(ClassRef.ND) && c.callee().name().equals(name);
  }

  /**
   * Whether an array expression certainly evaluates to a new array nobody else holds: {@code new
   * double[n]}, or a call of Nd but {@code broadcast} and {@code unbroadcast} (which may return
   * their argument).
   */
  public static boolean isNewArray(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND
        && !c.callee().name().equals("unbroadcast") && !c.callee().name().equals("broadcast");
  }

  public static Expr add(Expr a, Expr b) {
    return call("add", a.type(), a, b);
  }

  public static Expr addInPlace(Expr acc, Expr x) {
    return call("addInPlace", acc.type(), acc, x);
  }

  /**
   * {@code acc += x} in place, without the temporary of a scaled array, a product of two arrays or
   * a matrix product where {@code x} is one: {@code addInPlace(acc, s, y)} for {@code multiply(s,
   * y)}, {@code addMultiplyInPlace(acc, a, b)} for {@code multiply(a, b)}, {@code
   * addTransposeDotInPlace(acc, a, b)} for {@code transposeDot(a, b)}, {@code addOuterInPlace(acc,
   * u, v)} for {@code outer(u, v)}, and so on. {@code x} has
   * {@code acc}'s shape (it is a share of an adjoint), so an operand of {@code acc}'s rank has that
   * shape or one row or column of it, which {@code addMultiplyInPlace} broadcasts as {@code multiply}
   * does: the in-place form is valid wherever the sum it replaces is.
   */
  public static Expr accumulate(Expr acc, Expr x) {
    if (x instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND && c.args().size() == 2) {
      Expr a = c.args().get(0);
      Expr b = c.args().get(1);
      String fused = switch (c.callee().name()) {
        case "dot" -> a.type().rank() == 2 && b.type().rank() == 2 ? "addDotInPlace" : null;
        case "transposeDot" -> a.type().rank() == 2 && b.type().rank() == 2 ? "addTransposeDotInPlace" : null;
        case "dotTranspose" -> a.type().rank() == 2 && b.type().rank() == 2 ? "addDotTransposeInPlace" : null;
        case "outer" -> "addOuterInPlace";
        default -> null;
      };
      if (fused != null && acc.type().rank() == 2) {
        return call(fused, acc.type(), acc, a, b);
      }
      int rank = acc.type().rank();
      if (c.callee().name().equals("multiply") && rank > 0 && a.type().rank() == rank && b.type().rank() == rank) {
        // Of acc's rank, each has its shape or one row or column of it: the runtime broadcasts as multiply does.
        return call("addMultiplyInPlace", acc.type(), acc, a, b);
      }
      if (c.callee().name().equals("multiply") && a.type().isScalar() != b.type().isScalar()) {
        Expr scale = a.type().isScalar() ? a : b;
        Expr array = a.type().isScalar() ? b : a;
        return call("addInPlace", acc.type(), acc, scale, array);
      }
    }
    return addInPlace(acc, x);
  }

  /**
   * What an {@link #ACCUMULATING} call adds into its first argument, as the new array it would
   * be: {@code multiply(a, b)} for {@code addMultiplyInPlace(acc, a, b)}, {@code negative(x)} for
   * {@code subtractInPlace(acc, x)}, {@code x} for {@code addInPlace(acc, x)}; the inverse of
   * {@link #accumulate}.
   */
  public static Expr added(Expr.Call c) {
    List<Expr> args = c.args();
    Type t = args.get(0).type();
    if (args.size() == 2) {
      return c.callee().name().equals("subtractInPlace") ? call("negative", t, args.get(1)) : args.get(1);
    }
    String product = switch (c.callee().name()) {
      case "addInPlace", "addMultiplyInPlace" -> "multiply";
      case "addDotInPlace" -> "dot";
      case "addTransposeDotInPlace" -> "transposeDot";
      case "addDotTransposeInPlace" -> "dotTranspose";
      default -> "outer";
    };
    return call(product, t, args.get(1), args.get(2));
  }

  public static Expr subtractInPlace(Expr acc, Expr x) {
    return call("subtractInPlace", acc.type(), acc, x);
  }

  public static Expr multiply(Expr a, Expr b) {
    return call("multiply", a.type().isArray() ? a.type() : b.type(), a, b);
  }

  /** A copy that may be written without touching the original. */
  /** The array {@code e} copies: {@code a} of {@code a.clone()} or {@code Nd.copy(a)}; null if it is no copy. */
  public static Expr copied(Expr e) {
    if (e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.INTRINSIC && c.callee().name().equals("clone")) {
      return c.receiver();
    }
    return is(e, "copy") && ((Expr.Call) e).args().size() == 1 ? ((Expr.Call) e).args().get(0) : null;
  }

  public static Expr copy(Expr a) {
    if (a.type().rank() == 1) {
      return new Expr.Call(a, new Callee(new ClassRef("", "array"), "clone", List.of(), a.type(), Callee.Kind.INTRINSIC),
          List.of(), Pos.NONE);
    }
    return call("copy", a.type(), a);
  }
}
