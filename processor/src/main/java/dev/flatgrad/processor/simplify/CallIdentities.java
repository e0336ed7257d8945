package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pattern;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The identities of Math and Nd functions the simplifier applies, as a table: array algebra a
 * person would not write out (scaling by one, double transposes, fused transposed products) and
 * powers of one and zero. Each row is a pattern over holes ({@link Pattern}) and what a match
 * becomes, given what the holes stand for and the matched call; null where the row's condition on
 * them (a shape, a type) does not hold. The first row that applies wins. A new identity is a row.
 */
final class CallIdentities {

  private CallIdentities() {}

  /** A hole; its type only builds the pattern (a hole matches an expression of any type). */
  private static final Variable A = Variable.temp("a", Type.DOUBLE_ARRAY);
  private static final Variable B = Variable.temp("b", Type.DOUBLE_ARRAY);
  private static final Variable S = Variable.temp("s", Type.DOUBLE);
  private static final Variable T = Variable.temp("t", Type.DOUBLE);

  private record Identity(String name, Pattern from, BiFunction<Map<Variable, Expr>, Expr.Call, Expr> to) {

    Identity(String name, Expr from, BiFunction<Map<Variable, Expr>, Expr.Call, Expr> to) {
      this(name, new Pattern(from, List.of(A, B, S, T)), to);
    }
  }

  private static final List<Identity> TABLE = List.of(
      new Identity("scaled by one", nd("multiply", one(), ref(A)), (h, c) -> sameType(h.get(A), c)),
      new Identity("scaled by one, after", nd("multiply", ref(A), one()), (h, c) -> sameType(h.get(A), c)),
      new Identity("two scalings", nd("multiply", ref(S), nd("multiply", ref(T), ref(A))),
          (h, c) -> h.get(S).type().isScalar() && h.get(T).type().isScalar()
              ? NdCalls.multiply(Simplifier.simplify(new Expr.Binary(BinaryOp.MUL, h.get(S), h.get(T), Type.DOUBLE)),
                  h.get(A))
              : null),
      new Identity("a sum of twins", nd("add", ref(A), ref(A)),
          (h, c) -> h.get(A).type().isArray() ? NdCalls.multiply(Expr.Const.ofDouble(2.0), h.get(A)) : null),
      new Identity("a negative added", nd("add", ref(A), nd("negative", ref(B))),
          (h, c) -> h.get(A).type().equals(c.args().get(1).type())
              ? NdCalls.call("subtract", c.type(), h.get(A), h.get(B)) : null),
      new Identity("negated twice", nd("negative", nd("negative", ref(A))), (h, c) -> h.get(A)),
      new Identity("transposed twice", nd("transpose", nd("transpose", ref(A))), (h, c) -> h.get(A)),
      new Identity("a transposed left factor", nd("dot", nd("transpose", ref(A)), ref(B)),
          (h, c) -> NdCalls.call("transposeDot", c.type(), h.get(A), h.get(B))),
      new Identity("a transposed right factor", nd("dot", ref(A), nd("transpose", ref(B))),
          (h, c) -> h.get(A).type().rank() == 2 ? NdCalls.call("dotTranspose", c.type(), h.get(A), h.get(B)) : null),
      new Identity("a power of one", math("pow", ref(A), one()), (h, c) -> h.get(A)),
      new Identity("a power of zero", math("pow", ref(A), Expr.Const.ofDouble(0.0)),
          (h, c) -> Expr.Const.ofDouble(1.0)));

  /** The call rewritten by the first identity that applies, or the call itself. */
  static Expr apply(Expr.Call c) {
    for (Identity identity : TABLE) {
      Optional<Map<Variable, Expr>> holes = identity.from().match(c);
      Expr rewritten = holes.map(h -> identity.to().apply(h, c)).orElse(null);
      if (rewritten != null) {
        return rewritten;
      }
    }
    return c;
  }

  private static Expr nd(String name, Expr... args) {
    return NdCalls.call(name, Type.DOUBLE_ARRAY, args);
  }

  private static Expr math(String name, Expr... args) {
    return new Expr.Call(null, new Callee(ClassRef.MATH, name, Arrays.stream(args).map(Expr::type).toList(),
        Type.DOUBLE, Callee.Kind.MATH), List.of(args), Pos.NONE);
  }

  private static Expr ref(Variable hole) {
    return new Expr.Ref(hole);
  }

  private static Expr one() {
    return Expr.Const.ofDouble(1.0);
  }

  /** {@code e} where it has the call's type (scaling a row by one is no identity on a matrix). */
  private static Expr sameType(Expr e, Expr.Call c) {
    return e.type().equals(c.type()) ? e : null;
  }
}
