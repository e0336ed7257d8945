package dev.flatgrad.processor.ir;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The method a {@link Expr.Call} invokes, with the parameter types it was resolved at. Adjoint
 * rules are looked up by {@link #key()}.
 */
public record Callee(ClassRef owner, String name, List<Type> params, Type result, Kind kind) {

  /** What sort of method this is, which decides how it is differentiated. */
  public enum Kind {
    /** java.lang.Math and friends: an adjoint rule in the registry. */
    MATH,
    /** dev.flatgrad.runtime.Nd: an adjoint rule in the registry. */
    ND,
    /** A method of the user's with a generated gradient (derived or hand-written). */
    DIFFERENTIABLE,
    /**
     * A method without a gradient, the user's or the JDK's: its arguments may depend on the
     * differentiated parameters only when its result is not a double (Double.isNaN, an argmax).
     */
    HELPER,
    /** Bookkeeping the generator emits: stack push and pop, clone. */
    INTRINSIC,
    /**
     * The directional derivative of a method of the user's with a generated tangent: its
     * parameters are the method's, then one direction per differentiated parameter.
     */
    TANGENT,
    /**
     * A generated pullback, {@code OwnerGrad.mPullback}: its arguments are the method's, the
     * upstream gradient, then the adjoint arrays it adds into and does nothing else with.
     */
    PULLBACK,
    /**
     * A constructor: a record's canonical one, {@code new Params(dW1, db1)}, with which generated
     * methods pack a record parameter's gradient, or one the user's method calls for a settings
     * object ({@code new Random(seed)}), whose arguments are never differentiated.
     */
    CONSTRUCTOR
  }

  /** The canonical constructor of record {@code owner} taking {@code params}. */
  public static Callee constructor(ClassRef owner, List<Type> params) {
    return new Callee(owner, "new", params, Type.of(owner), Kind.CONSTRUCTOR);
  }

  public Callee {
    params = List.copyOf(params);
  }

  /**
   * The registry key, e.g. {@code Math.exp(double)} or {@code Nd.dot(double[][],double[][])}; a
   * StrictMath function has its Math namesake's.
   */
  public String key() {
    return (owner.equals(ClassRef.STRICT_MATH) ? ClassRef.MATH : owner).simpleName()
        + "."
        + name
        + params.stream().map(Type::toString).collect(Collectors.joining(",", "(", ")"));
  }
}
