package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A pullback's adjoint array is null where its caller needs no gradient for that argument (a
 * constant, data, a parameter outside {@code wrt}): the caller passes null instead of a scratch
 * array made for nothing, and the pullback skips what adds into it, as a hand-written backward
 * pass checks which inputs need a gradient. The pullback's code must only add into its adjoint
 * arrays ({@link Accumulation}). A pullback with one adjoint array is never called with null (a
 * caller that needs no gradient of its only argument does not call it) and is left as it is.
 */
public final class SkippedAdjoints {

  private SkippedAdjoints() {}

  /** {@code code} with each addition into one of {@code adjoints} under {@code if (d != null)}. */
  public static List<Stmt> guard(List<Stmt> code, List<Variable> adjoints) {
    if (adjoints.size() < 2) {
      return code;
    }
    return guard(code, new java.util.HashSet<>(adjoints)); // contains(null) is false, not an exception
  }

  private static List<Stmt> guard(List<Stmt> code, Set<Variable> adjoints) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : code) {
      Variable into = into(s, adjoints);
      Stmt guarded;
      if (into != null) {
        guarded = ifPresent(into, List.of(s));
      } else if (s instanceof Stmt.If f) {
        guarded = new Stmt.If(f.cond(), new Block(guard(f.then().stmts(), adjoints)),
            new Block(guard(f.otherwise().stmts(), adjoints)), f.pos());
      } else if (s instanceof Stmt.Loop l) {
        guarded = loop(l, guard(l.body().stmts(), adjoints), adjoints);
      } else if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.PULLBACK) {
        guarded = new Stmt.Eval(new Expr.Call(c.receiver(), c.callee(), c.args().stream()
            .map(a -> rowOrNull(a, adjoints)).toList(), c.pos()), e.pos());
      } else {
        guarded = s;
      }
      // Next to one under the same test: one test for both.
      Variable tested = test(guarded, adjoints);
      if (tested != null && !out.isEmpty() && test(out.get(out.size() - 1), adjoints) == tested) {
        Stmt.If last = (Stmt.If) out.remove(out.size() - 1);
        List<Stmt> both = new ArrayList<>(last.then().stmts());
        both.addAll(((Stmt.If) guarded).then().stmts());
        guarded = ifPresent(tested, both);
      }
      out.add(guarded);
    }
    return out;
  }

  /**
   * The loop over its guarded body; the whole loop under the test where the body is one guarded
   * block and the loop's header pops nothing (skipping it changes nothing else).
   */
  private static Stmt loop(Stmt.Loop l, List<Stmt> body, Set<Variable> adjoints) {
    boolean headerPops = Tapes.pops(l.cond()) || !l.init().stream().allMatch(SkippedAdjoints::popsNothing)
        || !l.update().stream().allMatch(SkippedAdjoints::popsNothing);
    if (body.size() == 1 && test(body.get(0), adjoints) != null && !headerPops) {
      Stmt.If only = (Stmt.If) body.get(0);
      return ifPresent(test(only, adjoints), List.of(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), only.then(), l.pos())));
    }
    return new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(body), l.pos());
  }

  private static boolean popsNothing(Stmt s) {
    return dev.flatgrad.processor.ir.Stmts.ownExprs(s).stream().noneMatch(Tapes::pops);
  }

  /** The adjoint array a statement adds into (an element, a row, or in place), or null. */
  private static Variable into(Stmt s, Set<Variable> adjoints) {
    if (s instanceof Stmt.Store st && adjoints.contains(st.array())) {
      return st.array();
    }
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.ND
        && NdCalls.ACCUMULATING.contains(c.callee().name())) {
      Variable first = Exprs.root(c.args().get(0));
      return adjoints.contains(first) ? first : null;
    }
    if (s instanceof Stmt.Eval e && e.expr() instanceof Expr.Call c && c.callee().kind() == Callee.Kind.PULLBACK) {
      // Another pullback given rows of one adjoint only: skipped with it.
      Variable only = null;
      for (Expr a : c.args()) {
        Variable r = Exprs.root(a);
        if (adjoints.contains(r)) {
          if (!(a instanceof Expr.Index) || (only != null && only != r)) {
            return null;
          }
          only = r;
        }
      }
      return only;
    }
    return null;
  }

  /** A row {@code d[j]} of an adjoint passed on: {@code d == null ? null : d[j]}; else as it is. */
  private static Expr rowOrNull(Expr arg, Set<Variable> adjoints) {
    Variable r = Exprs.root(arg);
    if (!(arg instanceof Expr.Index) || !adjoints.contains(r)) {
      return arg;
    }
    Expr isNull = new Expr.Binary(BinaryOp.EQ, new Expr.Ref(r), Expr.Const.zero(r.type()), Type.BOOLEAN);
    return new Expr.Cond(isNull, Expr.Const.zero(arg.type()), arg, arg.type());
  }


  private static Stmt ifPresent(Variable adjoint, List<Stmt> stmts) {
    Expr present = new Expr.Binary(BinaryOp.NE, new Expr.Ref(adjoint), Expr.Const.zero(adjoint.type()), Type.BOOLEAN);
    return new Stmt.If(present, new Block(stmts), Block.EMPTY, Pos.NONE);
  }

  /** The adjoint {@code d} of a statement {@code if (d != null) ...} made here, or null. */
  private static Variable test(Stmt s, Set<Variable> adjoints) {
    if (s instanceof Stmt.If f && f.otherwise().isEmpty() && f.cond() instanceof Expr.Binary b && b.op() == BinaryOp.NE
        && b.left() instanceof Expr.Ref r && adjoints.contains(r.var()) && b.right() instanceof Expr.Const c
        && c.type().isReference()) {
      return r.var();
    }
    return null;
  }
}
