package dev.flatgrad.processor.rules;

import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.CallResolver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tangent rule of one operation, parsed from its template: the result's tangent as an
 * expression of the inputs, {@code out} and the inputs' tangents, linear in the tangents.
 *
 * @param key the registry key, the same as the operation's adjoint rule's ({@code Math.exp(double)})
 * @param inputs template variables standing for the operation's inputs
 * @param out template variable for the result
 * @param tangents for each input that has a tangent, by index, its template variable
 * @param value the result's tangent
 */
public record TangentRule(
    String key, List<Variable> inputs, Variable out, Map<Integer, Variable> tangents, Expr value) {

  public TangentRule {
    inputs = List.copyOf(inputs);
    tangents = Map.copyOf(tangents);
  }

  /**
   * The rule where only the inputs in {@code varying} vary: the tangents of the others are zero,
   * the terms they multiply are dropped, and where a dropped operand of a broadcast sum was the
   * larger, the other is stretched to the result's shape ({@code Nd.broadcast}, {@code
   * Nd.fullLike}). Empty if the result's tangent is zero. Still over the template's variables.
   */
  public Optional<Expr> specialise(Set<Integer> varying, CallResolver calls) {
    Set<Variable> zero = new HashSet<>();
    tangents.forEach((i, t) -> {
      if (!varying.contains(i)) {
        zero.add(t);
      }
    });
    return Optional.ofNullable(new Pruning(zero, calls).prune(value));
  }

  /** Drops zero tangents bottom-up; null stands for a zero. */
  private final class Pruning {
    private final Set<Variable> zero;
    private final CallResolver calls;

    Pruning(Set<Variable> zero, CallResolver calls) {
      this.zero = zero;
      this.calls = calls;
    }

    Expr prune(Expr e) {
      if (e instanceof Expr.Ref r) {
        return zero.contains(r.var()) ? null : e;
      }
      if (e instanceof Expr.Unary u) {
        Expr o = prune(u.operand());
        if (o == null && u.op() != UnaryOp.NEG) {
          throw bad("a tangent under " + u.op().symbol());
        }
        return o == null ? null : new Expr.Unary(u.op(), o, u.type());
      }
      if (e instanceof Expr.Binary b) {
        return binary(b, prune(b.left()), prune(b.right()));
      }
      if (e instanceof Expr.Cond c) {
        Expr cond = required(prune(c.cond()), "a condition");
        Expr a = prune(c.whenTrue());
        Expr b = prune(c.whenFalse());
        if (zeroOrNull(a) && zeroOrNull(b)) {
          return null; // a guarded term (b == 0.0 ? 0.0 : ... * bDot) whose tangent is dropped
        }
        if ((a == null || b == null) && c.type().isArray()) {
          throw bad("an array conditional with one zero branch");
        }
        Expr zeroScalar = Expr.Const.ofDouble(0.0);
        return new Expr.Cond(cond, a == null ? zeroScalar : a, b == null ? zeroScalar : b, c.type());
      }
      if (e instanceof Expr.Index i) {
        Expr array = prune(i.array());
        Expr index = required(prune(i.index()), "an index");
        return array == null ? null : new Expr.Index(array, index);
      }
      if (e instanceof Expr.Cast c) {
        Expr o = prune(c.operand());
        return o == null ? null : new Expr.Cast(c.type(), o);
      }
      if (e instanceof Expr.Call c) {
        return call(c);
      }
      return e;
    }

    private static boolean zeroOrNull(Expr e) {
      return e == null || e instanceof Expr.Const k && k.type().equals(Type.DOUBLE) && k.value() == 0.0;
    }

    private Expr binary(Expr.Binary b, Expr l, Expr r) {
      if (l != null && r != null) {
        return new Expr.Binary(b.op(), l, r, b.type());
      }
      if (!b.op().isArithmetic() || !b.type().equals(Type.DOUBLE)) {
        throw bad("a tangent in " + b.op().symbol() + " of " + b.type());
      }
      return switch (b.op()) {
        case ADD -> l == null ? r : l;
        case SUB -> l == null ? (r == null ? null : new Expr.Unary(UnaryOp.NEG, r, b.type())) : l;
        case MUL -> null;
        default -> {
          if (l != null) {
            throw bad("a division by a tangent");
          }
          yield null;
        }
      };
    }

    private Expr call(Expr.Call c) {
      List<Expr> args = new ArrayList<>();
      boolean anyZero = false;
      for (Expr a : c.args()) {
        Expr p = prune(a);
        anyZero |= p == null;
        args.add(p);
      }
      if (!anyZero) {
        return new Expr.Call(c.receiver(), c.callee(), args, c.pos());
      }
      if (!c.callee().owner().equals(ClassRef.ND)) {
        throw bad("a tangent as an argument of " + c.callee().key() + ", which is not linear");
      }
      String name = c.callee().name();
      if ((name.equals("add") || name.equals("subtract")) && args.size() == 2) {
        Expr l = args.get(0);
        Expr r = args.get(1);
        if (l == null && r == null) {
          return null;
        }
        Expr rest = l != null ? l : name.equals("add") ? r : negate(r);
        return stretched(rest, shapes(c));
      }
      // Every other Nd function in a tangent rule is linear in the argument the tangent is.
      return null;
    }

    /** {@code term} as the result of a broadcast sum whose operands' shapes came from {@code of}. */
    private Expr stretched(Expr term, Set<Integer> of) {
      Set<Integer> covered = shapes(term);
      if (covered.contains(ALL)) {
        return term;
      }
      int largest = -1;
      for (int i : of) {
        if (i != ALL && (largest < 0 || rank(i) > rank(largest))) {
          largest = i;
        }
      }
      for (int i : of) {
        if (i != ALL && rank(i) == rank(largest) && rank(i) > 0 && !covered.contains(i)) {
          Expr like = new Expr.Ref(inputs.get(i));
          return term.type().isScalar()
              ? nd("fullLike", like, term)
              : nd("broadcast", term, like);
        }
      }
      return term;
    }

    private int rank(int input) {
      return inputs.get(input).type().rank();
    }

    private Expr negate(Expr e) {
      return e.type().isArray() ? nd("negative", e) : new Expr.Unary(UnaryOp.NEG, e, e.type());
    }

    private Expr nd(String name, Expr... args) {
      List<Expr> list = List.of(args);
      return new Expr.Call(null, calls.resolve(ClassRef.ND, name, list.stream().map(Expr::type).toList(), Pos.NONE),
          list, Pos.NONE);
    }

    private Expr required(Expr e, String where) {
      if (e == null) {
        throw bad("a tangent in " + where);
      }
      return e;
    }
  }

  /** Stands for "shaped like the result" in {@link #shapes}. */
  private static final int ALL = -1;

  private static final Set<String> ELEMENTWISE = Set.of(
      "add", "subtract", "multiply", "divide", "maximum", "minimum", "greater", "greaterEqual", "less",
      "lessEqual", "negative", "exp", "log", "sqrt", "square", "abs", "tanh", "sigmoid", "relu", "sign",
      "copy", "broadcast", "fullLike");

  /**
   * The inputs whose shapes the value of {@code e} is broadcast from: an input or its tangent has
   * that input's shape, elementwise functions broadcast their arguments' shapes together, and
   * {@code out} and any other array function have the result's shape ({@link #ALL}).
   */
  private Set<Integer> shapes(Expr e) {
    Set<Integer> out = new HashSet<>();
    if (e instanceof Expr.Ref r) {
      if (r.var() == this.out) {
        out.add(ALL);
      }
      for (int i = 0; i < inputs.size(); i++) {
        if (r.var() == inputs.get(i) || r.var() == tangents.get(i)) {
          out.add(i);
        }
      }
    } else if (e instanceof Expr.Call c && c.type().isArray()) {
      if (c.callee().owner().equals(ClassRef.ND) && ELEMENTWISE.contains(c.callee().name())) {
        c.args().forEach(a -> out.addAll(shapes(a)));
      } else {
        out.add(ALL);
      }
    } else if (e instanceof Expr.Unary u) {
      out.addAll(shapes(u.operand()));
    }
    return out;
  }

  private IllegalStateException bad(String why) {
    return new IllegalStateException("bad tangent template " + key + ": " + why);
  }
}
