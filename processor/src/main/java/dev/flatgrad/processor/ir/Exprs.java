package dev.flatgrad.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Structural operations on expression trees: rewriting bottom-up, substitution, walking. */
public final class Exprs {

  private Exprs() {}

  /** Rebuilds {@code e} bottom-up, applying {@code f} to every node after its children. */
  public static Expr rewrite(Expr e, UnaryOperator<Expr> f) {
    return rewrite(e, f, true);
  }

  /** {@link #rewrite(Expr, UnaryOperator)}, leaving the tests of conditionals as they are. */
  public static Expr rewriteOutsideTests(Expr e, UnaryOperator<Expr> f) {
    return rewrite(e, f, false);
  }

  private static Expr rewrite(Expr e, UnaryOperator<Expr> f, boolean tests) {
    Expr rebuilt = e instanceof Expr.Cond c && !tests
        ? new Expr.Cond(c.cond(), rewrite(c.whenTrue(), f, false), rewrite(c.whenFalse(), f, false), c.type())
        : mapChildren(e, child -> rewrite(child, f, tests));
    return f.apply(rebuilt);
  }

  /**
   * {@code e} with {@code f} applied to each of its children (not deeper), in the order of its
   * fields (a call's arguments before its receiver).
   */
  public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), f.apply(u.operand()), u.type());
    } else if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), f.apply(b.left()), f.apply(b.right()), b.type());
    } else if (e instanceof Expr.Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(f.apply(a));
      }
      return new Expr.Call(c.receiver() == null ? null : f.apply(c.receiver()), c.callee(), args, c.pos());
    } else if (e instanceof Expr.Index i) {
      return new Expr.Index(f.apply(i.array()), f.apply(i.index()));
    } else if (e instanceof Expr.Length l) {
      return new Expr.Length(f.apply(l.array()));
    } else if (e instanceof Expr.Cond c) {
      return new Expr.Cond(f.apply(c.cond()), f.apply(c.whenTrue()), f.apply(c.whenFalse()), c.type());
    } else if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), f.apply(c.operand()));
    } else if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(n.type(), n.dims().stream().map(f).toList());
    } else if (e instanceof Expr.ArrayLit a) {
      return new Expr.ArrayLit(a.type(), a.elements().stream().map(f).toList());
    } else if (e instanceof Expr.Precomputed p) {
      return new Expr.Precomputed(p.record(), (Expr.Call) f.apply(p.call()));
    } else if (e instanceof Expr.FieldRef r && r.target() != null) {
      return new Expr.FieldRef(r.owner(), r.name(), r.type(), f.apply(r.target()), r.viaHandle(), r.accessor());
    }
    return e;
  }

  /**
   * {@code round} applied to {@code e} until it changes nothing (at most 20 rounds: a rewrite that
   * keeps changing the tree stops there).
   */
  public static Expr fixedPoint(Expr e, UnaryOperator<Expr> round) {
    Expr current = e;
    for (int i = 0; i < 20; i++) {
      Expr next = round.apply(current);
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
    return current;
  }

  /** {@code e} with every read of a key variable replaced by its value. */
  public static Expr substitute(Expr e, Map<Variable, ? extends Expr> values) {
    return rewrite(
        e,
        x -> x instanceof Expr.Ref r && values.containsKey(r.var()) ? values.get(r.var()) : x);
  }

  /** The direct children of a node, in evaluation order. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Expr.Call c) {
      List<Expr> all = new ArrayList<>();
      if (c.receiver() != null) {
        all.add(c.receiver());
      }
      all.addAll(c.args());
      return all;
    }
    if (e instanceof Expr.Index i) {
      return List.of(i.array(), i.index());
    }
    if (e instanceof Expr.Length l) {
      return List.of(l.array());
    }
    if (e instanceof Expr.Cond c) {
      return List.of(c.cond(), c.whenTrue(), c.whenFalse());
    }
    if (e instanceof Expr.Cast c) {
      return List.of(c.operand());
    }
    if (e instanceof Expr.NewArray n) {
      return n.dims();
    }
    if (e instanceof Expr.ArrayLit a) {
      return a.elements();
    }
    if (e instanceof Expr.FieldRef r && r.target() != null) {
      return List.of(r.target());
    }
    if (e instanceof Expr.Precomputed p) {
      List<Expr> all = new ArrayList<>();
      all.add(new Expr.Ref(p.record()));
      all.addAll(children(p.call()));
      return all;
    }
    return List.of();
  }

  /** Visits every node, parents before children. */
  public static void walk(Expr e, Consumer<Expr> visitor) {
    visitor.accept(e);
    for (Expr c : children(e)) {
      walk(c, visitor);
    }
  }

  /** The variables the expression reads. */
  public static Set<Variable> reads(Expr e) {
    Set<Variable> vars = new LinkedHashSet<>();
    walk(e, x -> {
      if (x instanceof Expr.Ref r) {
        vars.add(r.var());
      }
    });
    return vars;
  }

  /** Whether the expression reads {@code v}. */
  public static boolean reads(Expr e, Variable v) {
    return reads(e).contains(v);
  }

  /** Counts the reads of {@code v} in {@code e}. */
  public static int countReads(Expr e, Variable v) {
    int[] n = {0};
    walk(e, x -> {
      if (x instanceof Expr.Ref r && r.var() == v) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** The variable {@code d} of {@code d}, {@code d[j]}, {@code d[j][k]}; null for anything else. */
  public static Variable root(Expr e) {
    while (e instanceof Expr.Index i) {
      e = i.array();
    }
    return e instanceof Expr.Ref r ? r.var() : null;
  }

  /** The JDK's classes of values, whose static methods are functions of their arguments. */
  private static final java.util.Set<String> JDK_FUNCTIONS = java.util.Set.of(
      "Math", "StrictMath", "Double", "Float", "Integer", "Long", "Short", "Byte", "Boolean", "Character");

  /**
   * Whether evaluating {@code e} again gives its value again and changes nothing: no call but of
   * a function (Math's, Nd's but its in-place forms, the JDK's value classes', a String's, the
   * user's differentiated methods). A helper of the user's, a method of an object or a JDK method like
   * {@code System.nanoTime} may answer differently each time (a counter, a random draw) or change
   * state, so what depends on one is recorded, not evaluated again in the backward pass, and a
   * store of one is never removed as dead.
   */
  public static boolean isRepeatable(Expr e) {
    boolean[] ok = {true};
    walk(e, x -> ok[0] &= !(x instanceof Expr.Call c) || isFunction(c));
    return ok[0];
  }

  /** Whether call {@code c} itself (not its arguments) is a function: asked again, the same answer. */
  public static boolean isFunction(Expr.Call c) {
    return c.receiver() == null ? switch (c.callee().kind()) {
      case MATH, DIFFERENTIABLE, TANGENT -> true;
      case ND -> !isInPlace(c);
      case HELPER -> c.callee().owner().packageName().equals("java.lang")
          && JDK_FUNCTIONS.contains(c.callee().owner().simpleName());
      default -> false;
    } : isOfString(c.callee()); // a String is immutable: its methods are functions of it
  }

  private static boolean isOfString(Callee callee) {
    return callee.owner() != null && callee.owner().packageName().equals("java.lang")
        && callee.owner().simpleName().equals("String");
  }

  /** {@code Objects.requireNonNull(v)} of a value read again for the same answer: it is {@code v}, or throws. */
  public static boolean isNullCheck(Expr.Call c) {
    return c.receiver() == null && c.callee().owner().equals(ClassRef.OBJECTS) && c.callee().name().equals("requireNonNull")
        && c.args().size() == 1 && isRepeatable(c.args().get(0));
  }

  /**
   * Whether evaluating {@code e} may throw: an element read (a null array, an index out of range), a
   * length or a field of an object (null), an integer division or remainder (by zero), a new array
   * (a negative size), any call but of Math's functions (not its {@code ...Exact} forms, {@code
   * floorDiv}, {@code clamp}). Arithmetic, comparisons and casts of primitives cannot.
   */
  public static boolean mayThrow(Expr e) {
    return mayThrow(e, x -> false);
  }

  /** {@link #mayThrow(Expr)}, but for the nodes {@code proven} says cannot throw where they stand. */
  public static boolean mayThrow(Expr e, Predicate<Expr> proven) {
    boolean[] may = {false};
    walk(e, x -> may[0] |= throwsItself(x) && !proven.test(x));
    return may[0];
  }

  /** Math's functions that throw (besides the {@code ...Exact} ones): a zero divisor, a range upside down. */
  private static final Set<String> THROWING_MATH = Set.of("floorDiv", "floorMod", "ceilDiv", "ceilMod", "clamp");

  /**
   * Whether {@code Math}'s (or {@code StrictMath}'s) function of this name may throw: the
   * {@code ...Exact} ones (overflow) and those of {@link #THROWING_MATH}. The one list for the IR
   * and for the source ({@code fence.SourceRewrites}), which must agree.
   */
  public static boolean mathMayThrow(String name) {
    return name.endsWith("Exact") || THROWING_MATH.contains(name);
  }

  private static boolean throwsItself(Expr x) {
    if (x instanceof Expr.Binary b) {
      return (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM) && b.type().isIntegral()
          && !(b.right() instanceof Expr.Const c && c.value() != 0);
    }
    if (x instanceof Expr.NewArray n) {
      return n.dims().stream().anyMatch(d -> !(d instanceof Expr.Const c && c.value() >= 0));
    }
    if (x instanceof Expr.Call c) {
      // By owner, not kind: a Math.max the stabilising-shift rule made a helper (no gradient) still cannot throw.
      String name = c.callee().name();
      boolean math = c.callee().kind() == Callee.Kind.MATH
          || ClassRef.MATH.equals(c.callee().owner()) || ClassRef.STRICT_MATH.equals(c.callee().owner());
      return !math || mathMayThrow(name);
    }
    return x instanceof Expr.Index || x instanceof Expr.Length || x instanceof Expr.FieldRef r && r.target() != null;
  }

  /** Whether {@code c} is one of Nd's in-place forms, which write into their first argument. */
  public static boolean isInPlace(Expr.Call c) {
    return c.callee().kind() == Callee.Kind.ND && c.callee().name().endsWith("InPlace");
  }

  /** A variable or a constant: safe to repeat in generated code without cost. */
  public static boolean isAtom(Expr e) {
    return e instanceof Expr.Ref || e instanceof Expr.Const || e instanceof Expr.FieldRef;
  }
}
