package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage after reverse, on the finished gradient method and pullbacks: an adjoint array a loop
 * replaces on every trip ({@code dh = Nd.transposeDot(W, dz);}, a vector state's adjoint) is
 * written into its previous array ({@code dh = Nd.transposeDotInto(dh, W, dz);}), as a person
 * keeps one buffer per adjoint instead of allocating one a trip. The runtime's {@code ...Into}
 * forms write into the array only where it has the result's shape, and make a new one otherwise
 * (a state that grows, {@code h = Nd.concat(h, x)}): no proof of shapes is needed, only that
 * overwriting the previous array changes no other value. That holds for an array variable {@code
 * dx} (an adjoint, or a value of the forward pass alike) when:
 *
 * <ul>
 *   <li>{@code dx} is declared in this code, once (not a parameter: a pullback's arrays are the
 *       caller's; not a value popped from a tape, declared again in the backward pass);
 *   <li>every value assigned to it is a new array ({@code new double[n]}, a copy, an Nd op that
 *       returns a new array) or {@code null};
 *   <li>every read of it is of an element as a number, of its length, or an operand of an Nd op
 *       that returns a new array or whose result is dropped ({@code Nd.addOuterInPlace(dW, dz,
 *       h);}): the array is never copied to another variable, pushed on a tape, stored, passed to
 *       another method or returned (but by the gradients the method returns, read after its last
 *       statement).
 * </ul>
 *
 * Then {@code dx}'s array is {@code dx}'s alone, and once {@code dx} is assigned again its
 * previous array is unreachable. A declaration inside the loop moves before it ({@code double[]
 * dz = null;}) so that the array lives from one trip to the next.
 */
public final class ReusedArrays {

  private ReusedArrays() {}

  /** The two passes with each replaced adjoint array written into its previous one. */
  public static DeadStores.Passes apply(List<Stmt> forward, List<Stmt> backward) {
    List<Stmt> all = new ArrayList<>(forward);
    all.addAll(backward);
    Set<Variable> reused = reusable(all);
    if (reused.isEmpty()) {
      return new DeadStores.Passes(forward, backward);
    }
    return new DeadStores.Passes(rewrite(forward, reused, null), rewrite(backward, reused, null));
  }

  /** The arrays that only their own variable holds and that a loop assigns an op with an into form. */
  private static Set<Variable> reusable(List<Stmt> code) {
    Map<Variable, Integer> declarations = new HashMap<>();
    Set<Variable> shared = new LinkedHashSet<>();
    Set<Variable> replacedInLoops = new LinkedHashSet<>();
    for (Stmt s : code) {
      scan(s, false, declarations, shared, replacedInLoops);
    }
    Set<Variable> out = new LinkedHashSet<>();
    for (Variable v : replacedInLoops) {
      if (declarations.getOrDefault(v, 0) == 1 && !shared.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static void scan(Stmt s, boolean inLoop, Map<Variable, Integer> declarations, Set<Variable> shared,
      Set<Variable> replacedInLoops) {
    if (s instanceof Stmt.Loop l) {
      l.init().forEach(i -> scan(i, inLoop, declarations, shared, replacedInLoops));
      l.update().forEach(u -> scan(u, inLoop, declarations, shared, replacedInLoops));
      shared.addAll(sharedBy(l.cond(), false));
      l.body().stmts().forEach(b -> scan(b, true, declarations, shared, replacedInLoops));
      return;
    }
    if (s instanceof Stmt.If f) {
      shared.addAll(sharedBy(f.cond(), false));
      f.then().stmts().forEach(b -> scan(b, inLoop, declarations, shared, replacedInLoops));
      f.otherwise().stmts().forEach(b -> scan(b, inLoop, declarations, shared, replacedInLoops));
      return;
    }
    if (s instanceof Stmt.Declare d) {
      declarations.merge(d.target(), 1, Integer::sum);
      return;
    }
    if (s instanceof Stmt.Assign a) {
      if (a.declares()) {
        declarations.merge(a.target(), 1, Integer::sum);
      }
      if (a.compound() != null || !isNew(a.value())) {
        shared.add(a.target());
      } else if (inLoop && into(a.target(), a.value()) != null) {
        replacedInLoops.add(a.target());
      }
      shared.addAll(sharedBy(a.value(), false));
      return;
    }
    if (s instanceof Stmt.Eval e) {
      shared.addAll(sharedBy(e.expr(), true));
      return;
    }
    if (s instanceof Stmt.Store st && st.value().type().isArray()) {
      shared.add(st.array()); // a row of it replaced by an array another value may hold
    }
    for (Expr e : Stmts.ownExprs(s)) {
      shared.addAll(sharedBy(e, false));
    }
  }

  /**
   * The arrays {@code e} may hand to something that keeps them (a variable, an element, a tape, a
   * method, a result); {@code dropped}: {@code e} is a statement's whole expression, its result unused.
   */
  private static Set<Variable> sharedBy(Expr e, boolean dropped) {
    Set<Variable> out = new LinkedHashSet<>();
    collectShared(e, dropped, out);
    return out;
  }

  private static void collectShared(Expr e, boolean dropped, Set<Variable> out) {
    if (e instanceof Expr.Ref r) {
      if (r.var().type().isArray()) {
        out.add(r.var());
      }
      return;
    }
    if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref) {
      return;
    }
    if (e instanceof Expr.Index i && !i.type().isArray()) {
      // an element read as a number: the indices may share, the array does not
      Expr base = i;
      while (base instanceof Expr.Index bi) {
        collectShared(bi.index(), false, out);
        base = bi.array();
      }
      if (!(base instanceof Expr.Ref)) {
        collectShared(base, false, out);
      }
      return;
    }
    if (e instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND && (dropped || returnsNew(c))) {
      for (Expr arg : c.args()) {
        if (!(arg instanceof Expr.Ref)) {
          collectShared(arg, false, out);
        }
      }
      return;
    }
    for (Expr child : Exprs.children(e)) {
      collectShared(child, false, out);
    }
  }

  /** Whether the value holds no array but a new one (or none). */
  private static boolean isNew(Expr e) {
    if (e instanceof Expr.Const) {
      return true; // null
    }
    if (e instanceof Expr.NewArray n) {
      return n.dims().size() == n.type().rank();
    }
    if (e instanceof Expr.Call c) {
      return Intrinsics.isClone(c.callee()) || c.callee().kind() == Callee.Kind.ND && returnsNew(c);
    }
    return false;
  }

  /** An Nd op that returns a new array, never one of its operands (nor rows of one). */
  private static boolean returnsNew(Expr.Call c) {
    String name = c.callee().name();
    return !name.equals("broadcast") && !name.equals("unbroadcast") && !name.endsWith("InPlace")
        && !name.endsWith("Into");
  }

  /** {@code value} written into {@code target}'s previous array, or null if there is no such form. */
  private static Expr into(Variable target, Expr value) {
    if (!(value instanceof Expr.Call c) || c.callee().kind() != Callee.Kind.ND || c.args().size() != 2
        || !value.type().equals(target.type())) {
      return null;
    }
    Expr a = c.args().get(0);
    Expr b = c.args().get(1);
    String name = c.callee().name();
    boolean gate = (name.equals("tanhBackward") || name.equals("sigmoidBackward"))
        && a.type().equals(target.type()) && b.type().equals(target.type());
    boolean transposed = name.equals("transposeDot") && a.type().rank() == 2 && b.type().rank() == 1;
    if (!gate && !transposed) {
      return null;
    }
    return NdCalls.call(name + "Into", target.type(), new Expr.Ref(target), a, b);
  }

  /**
   * The statements with the reusable adjoints' replacements inside loops written into their
   * previous arrays; {@code hoisted}: where the innermost enclosing loop collects the declarations
   * to move before it (null outside loops).
   */
  private static List<Stmt> rewrite(List<Stmt> stmts, Set<Variable> reused, Set<Variable> hoisted) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Loop l) {
        Set<Variable> here = new LinkedHashSet<>();
        Block body = new Block(rewrite(l.body().stmts(), reused, here));
        for (Variable v : here) {
          out.add(new Stmt.Assign(v, null, Expr.Const.zero(v.type()), true, Pos.NONE));
        }
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), body, l.pos()));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(rewrite(f.then().stmts(), reused, hoisted)),
            new Block(rewrite(f.otherwise().stmts(), reused, hoisted)), f.pos()));
      } else if (s instanceof Stmt.Declare d && reused.contains(d.target())) {
        if (hoisted != null) {
          hoisted.add(d.target());
        } else {
          out.add(new Stmt.Assign(d.target(), null, Expr.Const.zero(d.target().type()), true, d.pos()));
        }
      } else if (s instanceof Stmt.Assign a && hoisted != null && reused.contains(a.target())
          && into(a.target(), a.value()) != null) {
        if (a.declares()) {
          hoisted.add(a.target());
        }
        out.add(new Stmt.Assign(a.target(), null, into(a.target(), a.value()), false, a.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
