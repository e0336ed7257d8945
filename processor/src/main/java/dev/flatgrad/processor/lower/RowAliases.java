package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes through a local holding a row of an array ({@code double[] row = m[i]; row[j] = v;}, the
 * variable of an enhanced for over the rows filled by {@code Arrays.fill(row, 0.0)}) made the
 * writes through the array they are ({@code m[i][j] = v}), which differentiation follows; through
 * a second variable it would not see {@code m} change. Reads of a row while {@code m} is written
 * ({@code cur = h[t]; h[t + 1][0] = cur[0]}) likewise. Done where the local is declared from
 * {@code m[i]} and, in the rest of its block, it is never assigned anew, nor {@code m}, no row of
 * {@code m} is replaced and nothing {@code i} reads is written: there every use of the local is
 * {@code m[i]}, and the declaration goes. The same after a row is put in place ({@code m[i] = row;
 * row[0] = v;}), the store kept. Other writes through a row are errors ({@link
 * dev.flatgrad.processor.analyse.Aliasing}).
 */
final class RowAliases {

  private RowAliases() {}

  static List<Stmt> inline(List<Stmt> stmts) {
    // A row only read becomes m[i] once another's writes have become writes into m: again until none changes.
    List<Stmt> before;
    List<Stmt> after = stmts;
    do {
      before = after;
      after = once(before);
    } while (!after.equals(before));
    return after;
  }

  private static List<Stmt> once(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> nested = Stmts.withNestedBlocks(stmts, RowAliases::once);
    for (int k = 0; k < nested.size(); k++) {
      Stmt s = nested.get(k);
      List<Stmt> rest = nested.subList(k + 1, nested.size());
      Alias alias = alias(s);
      if (alias != null && inlinable(alias, rest)) {
        if (s instanceof Stmt.Store) {
          out.add(s);
        }
        List<Stmt> through = new ArrayList<>();
        for (Stmt r : rest) {
          through.add(throughArray(Stmts.mapExprs(r, e -> Exprs.substitute(e, Map.of(alias.row(), alias.at()))),
              alias.row(), alias.at()));
        }
        out.addAll(once(through));
        return out;
      }
      out.add(s);
    }
    return out;
  }

  /** A local that is row {@code at} of an array from here on. */
  private record Alias(Variable row, Expr.Index at) {}

  /**
   * The row local {@code s} makes: one declared from {@code m[i]}, or one put into {@code m[i] =
   * row} (a matrix built a row at a time, each row written once it is in place). Null if none.
   */
  private static Alias alias(Stmt s) {
    if (s instanceof Stmt.Assign a && a.declares() && a.compound() == null && a.target().type().isArray()
        && a.value() instanceof Expr.Index i && i.array() instanceof Expr.Ref && simpleIndex(i.index())) {
      return new Alias(a.target(), i);
    }
    if (s instanceof Stmt.Store st && st.compound() == null && st.indices().size() == 1
        && st.value() instanceof Expr.Ref r && r.var().type().isArray() && r.var().kind() != Variable.Kind.PARAMETER
        && simpleIndex(st.indices().get(0))) {
      return new Alias(r.var(), new Expr.Index(new Expr.Ref(st.array()), st.indices().get(0)));
    }
    return null;
  }

  private static boolean inlinable(Alias alias, List<Stmt> rest) {
    Variable row = alias.row();
    Variable m = ((Expr.Ref) alias.at().array()).var();
    Set<Variable> indexReads = Exprs.reads(alias.at().index());
    boolean[] writes = {false};
    boolean[] stable = {true};
    for (Stmt r : rest) {
      Stmts.walk(r, x -> {
        if (x instanceof Stmt.Store st && (st.array() == row || st.array() == m)) {
          writes[0] = true;
        }
        Variable t = Stmts.target(x);
        boolean replacesRow = x instanceof Stmt.Store st && st.array() == m && st.indices().size() == 1
            && !(otherConstant(st.indices().get(0), alias.at().index()) && isNew(st.value()));
        if (t == row && x instanceof Stmt.Assign || t == m && (x instanceof Stmt.Assign || replacesRow)
            || t != null && indexReads.contains(t) || x instanceof Stmt.Declare d && d.target() == row) {
          stable[0] = false;
        }
      });
    }
    return writes[0] && stable[0];
  }

  /** A new array: put in another row, it is not the row the local holds. */
  private static boolean isNew(Expr e) {
    return e instanceof Expr.NewArray || e instanceof Expr.ArrayLit;
  }

  /** Whether two indices are different constants: a row put at one is not the row at the other. */
  private static boolean otherConstant(Expr a, Expr b) {
    return a instanceof Expr.Const x && b instanceof Expr.Const y && x.value() != y.value();
  }

  /** An index of variables, constants and arithmetic: the same wherever it is repeated while they do not change. */
  private static boolean simpleIndex(Expr e) {
    boolean[] ok = {true};
    Exprs.walk(e, x -> ok[0] &= x instanceof Expr.Ref || x instanceof Expr.Const || x instanceof Expr.Binary);
    return ok[0];
  }

  /** The statement with each store into {@code row} made one into the array it is a row of. */
  private static Stmt throughArray(Stmt s, Variable row, Expr.Index at) {
    if (s instanceof Stmt.Store st && st.array() == row) {
      List<Expr> indices = new ArrayList<>();
      indices.add(at.index());
      indices.addAll(st.indices());
      return new Stmt.Store(((Expr.Ref) at.array()).var(), indices, st.compound(), st.value(), st.pos());
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.cond(), throughArray(f.then(), row, at), throughArray(f.otherwise(), row, at), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.kind(), l.init().stream().map(x -> throughArray(x, row, at)).toList(), l.cond(),
          l.update().stream().map(x -> throughArray(x, row, at)).toList(), throughArray(l.body(), row, at), l.pos());
    }
    return s;
  }

  private static Block throughArray(Block b, Variable row, Expr.Index at) {
    return new Block(b.stmts().stream().map(x -> throughArray(x, row, at)).toList());
  }
}
