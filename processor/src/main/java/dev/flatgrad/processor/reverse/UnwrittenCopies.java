package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies of adjoint arrays that, once the stores nothing read are gone, nothing writes: an
 * adjoint's copy of itself ({@code dp = Nd.copy(dp);}, made each trip where a row of it was handed
 * out) goes, and an adjoint made a copy of a parameter's array ({@code double[][] dp =
 * Nd.copy(dout);}, which the backward pass owns to write into) goes with the code reading the
 * parameter itself. Only where no array the variables may hold (they, and those assigned one of
 * them or a row of one, {@link Aliasing#mayShareWith}) is written, in place or through a row taken
 * out of it, nor given to a method but Nd's functions ({@link OwnRows#letsRowOut}), and none of
 * them is returned: the caller's array is still never written, and a copy and its original name
 * the same values throughout.
 */
final class UnwrittenCopies {

  private UnwrittenCopies() {}

  /** The passes with the first such copy dropped (a parameter's: its adjoint read as the parameter); the same if none. */
  static DeadStores.Passes drop(DeadStores.Passes passes, Set<Variable> returned) {
    List<Stmt> code = new ArrayList<>(passes.forward());
    code.addAll(passes.backward());
    Stmt[] selfCopy = {null};
    for (Stmt top : passes.backward()) {
      Stmts.walk(top, s -> {
        if (selfCopy[0] == null && s instanceof Stmt.Assign a && isSelfCopy(a, a.target())
            && a.target().kind() == Variable.Kind.ADJOINT && unwritten(Aliasing.mayShareWith(a.target(), code), code, returned)) {
          selfCopy[0] = s;
        }
      });
    }
    if (selfCopy[0] != null) {
      return new DeadStores.Passes(passes.forward(), Stmts.without(passes.backward(), s -> s == selfCopy[0]));
    }
    for (Stmt s : passes.backward()) {
      Variable p = s instanceof Stmt.Assign a ? copied(a.value()) : null;
      if (p != null && s instanceof Stmt.Assign a && a.declares() && a.compound() == null
          && a.target().kind() == Variable.Kind.ADJOINT && p.kind() == Variable.Kind.PARAMETER
          && assignments(a.target(), code) == 1 && assignments(p, code) == 0
          && unwritten(union(Aliasing.mayShareWith(a.target(), code), Aliasing.mayShareWith(p, code)), code, returned)) {
        Map<Variable, Variable> asParameter = Map.of(a.target(), p);
        return new DeadStores.Passes(passes.forward().stream().map(x -> Stmts.rename(x, asParameter)).toList(),
            passes.backward().stream().filter(x -> x != s).map(x -> Stmts.rename(x, asParameter)).toList());
      }
    }
    return passes;
  }

  /** Whether {@code s} is {@code v = Nd.copy(v);} or {@code v = v.clone();}. */
  static boolean isSelfCopy(Stmt s, Variable v) {
    return s instanceof Stmt.Assign a && a.target() == v && a.compound() == null && copied(a.value()) == v;
  }

  /** The variable {@code value} copies ({@code Nd.copy(p)}, {@code p.clone()}), or null. */
  private static Variable copied(Expr value) {
    Expr of = NdCalls.is(value, "copy") && ((Expr.Call) value).args().size() == 1 ? ((Expr.Call) value).args().get(0)
        : value instanceof Expr.Call c && Intrinsics.isClone(c.callee()) ? c.receiver() : null;
    return of instanceof Expr.Ref r ? r.var() : null;
  }

  private static Set<Variable> union(Set<Variable> a, Set<Variable> b) {
    Set<Variable> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static int assignments(Variable v, List<Stmt> code) {
    int[] n = {0};
    code.forEach(top -> Stmts.walk(top, s -> n[0] += s instanceof Stmt.Assign a && a.target() == v ? 1 : 0));
    return n[0];
  }

  /**
   * Whether no element or row of an array {@code holders} hold is written, in place or through a
   * variable that is not one of them, and none of them is returned.
   */
  private static boolean unwritten(Set<Variable> holders, List<Stmt> code, Set<Variable> returned) {
    boolean[] written = {holders.stream().anyMatch(returned::contains)};
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        written[0] |= s instanceof Stmt.Store st && holders.contains(st.array());
        for (Expr e : Stmts.ownExprs(s)) {
          Exprs.walk(e, x -> written[0] |= x instanceof Expr.Call c && Exprs.isInPlace(c) && !c.args().isEmpty()
              && holders.contains(Exprs.root(c.args().get(0))));
          // One holder given another's row (double[] drow = dp[r]) is among them.
          boolean shared = s instanceof Stmt.Assign a && holders.contains(a.target()) && holders.contains(Exprs.root(e));
          written[0] |= !(e instanceof Expr.Ref)
              && (shared ? OwnRows.indicesLetRowOut(e, holders) : OwnRows.letsRowOut(e, holders));
        }
      });
    }
    return !written[0];
  }
}
