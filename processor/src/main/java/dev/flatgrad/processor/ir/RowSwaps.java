package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A swap of two rows of one matrix, {@code t = m[i]; m[i] = m[j]; m[j] = t;}: the matrix holds
 * the same arrays after as before, one row each, and only {@code t} holds one of them besides.
 */
public final class RowSwaps {

  private RowSwaps() {}

  /** The temporary {@code t} of the row swap whose three statements begin at {@code start}, or null. */
  public static Variable tempAt(List<Stmt> stmts, int start) {
    if (start + 2 < stmts.size() && stmts.get(start) instanceof Stmt.Assign take && take.compound() == null
        && take.value() instanceof Expr.Index first && first.array() instanceof Expr.Ref m
        && stmts.get(start + 1) instanceof Stmt.Store move && move.compound() == null
        && move.array() == m.var() && move.indices().equals(List.of(first.index()))
        && move.value() instanceof Expr.Index second && second.array().equals(m)
        && stmts.get(start + 2) instanceof Stmt.Store put && put.compound() == null
        && put.array() == m.var() && put.indices().equals(List.of(second.index()))
        && put.value() instanceof Expr.Ref t && t.var() == take.target() && t.var() != m.var()
        && Exprs.isRepeatable(first.index()) && Exprs.isRepeatable(second.index())
        && !Exprs.reads(first.index(), t.var()) && !Exprs.reads(second.index(), t.var())) {
      return t.var();
    }
    return null;
  }

  /**
   * The store {@code m[i] = v} of a local array swapped with a row, {@code t = m[i]; m[i] = v; v = t;}
   * beginning at {@code start}, or null: afterwards {@code v} holds the array that was the row.
   */
  public static Stmt.Store withLocalAt(List<Stmt> stmts, int start) {
    Stmt.Store put = localSwapAt(stmts, start);
    return put != null && ((Stmt.Assign) stmts.get(start + 2)).value() instanceof Expr.Ref ? put : null;
  }

  /**
   * The store {@code m[i] = v} of a local array swapped with a row as {@link #withLocalAt}, or
   * closed by a copy of the row instead ({@code v = t.clone();}, {@code v = Nd.copy(t);}), or null.
   */
  public static Stmt.Store localSwapAt(List<Stmt> stmts, int start) {
    if (start + 2 < stmts.size() && stmts.get(start) instanceof Stmt.Assign take && take.compound() == null
        && take.value() instanceof Expr.Index row && row.array() instanceof Expr.Ref m
        && stmts.get(start + 1) instanceof Stmt.Store put && put.compound() == null && put.array() == m.var()
        && put.indices().equals(List.of(row.index())) && put.value() instanceof Expr.Ref v
        && v.var() != take.target() && v.var() != m.var()
        && stmts.get(start + 2) instanceof Stmt.Assign back && back.compound() == null && back.target() == v.var()
        && isOrCopies(back.value(), take.target())) {
      return put;
    }
    return null;
  }

  /** Whether {@code e} is {@code t}, {@code t.clone()} or {@code Nd.copy(t)}. */
  private static boolean isOrCopies(Expr e, Variable t) {
    Expr copied = NdCalls.copied(e);
    return (copied != null ? copied : e) instanceof Expr.Ref r && r.var() == t;
  }
}
