package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import java.util.List;

/**
 * A conservative estimate of the bytecode javac makes of generated statements, to keep each
 * generated method well under the JVM's 64 KB limit and, where it can, under the size HotSpot still
 * compiles (8000 bytes): every node costs what its longest instruction form costs (a local read
 * past slot 255 takes four bytes), so real code comes out smaller.
 */
final class CodeSize {

  private CodeSize() {}

  static int of(List<Stmt> stmts) {
    int size = 0;
    for (Stmt s : stmts) {
      size += of(s);
    }
    return size;
  }

  static int of(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return of(a.value()) + (a.compound() != null ? 6 : 4);
    }
    if (s instanceof Stmt.Store st) {
      int size = 4 + of(st.value()) + (st.compound() != null ? 6 : 2);
      for (Expr i : st.indices()) {
        size += of(i) + 1;
      }
      return size;
    }
    if (s instanceof Stmt.Eval e) {
      return of(e.expr()) + 1;
    }
    if (s instanceof Stmt.Declare) {
      return 6; // a stack borrowed, or a default value when a split method must initialise it
    }
    if (s instanceof Stmt.If f) {
      return of(f.cond()) + 6 + of(f.then()) + of(f.otherwise());
    }
    if (s instanceof Stmt.Loop l) {
      return of(l.init()) + of(l.cond()) + 6 + of(l.body()) + of(l.update());
    }
    if (s instanceof Stmt.Return r) {
      return of(r.value()) + 1;
    }
    if (s instanceof Stmt.Throw t) {
      return t.values().stream().mapToInt(CodeSize::of).sum() + 6;
    }
    if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return 3;
    }
    return 0; // comments
  }

  private static int of(Block b) {
    return of(b.stmts());
  }

  static int of(Expr e) {
    int own;
    if (e instanceof Expr.Const) {
      own = 3;
    } else if (e instanceof Expr.Ref) {
      own = 4;
    } else if (e instanceof Expr.FieldRef f) {
      own = f.viaHandle() ? 12 : 3;
    } else if (e instanceof Expr.Call || e instanceof Expr.Precomputed) {
      own = 5;
    } else if (e instanceof Expr.Cond) {
      own = 8;
    } else if (e instanceof Expr.Binary b && b.op().isComparison()) {
      own = 8;
    } else if (e instanceof Expr.NewArray || e instanceof Expr.ArrayLit a && a.elements().isEmpty()) {
      own = 6;
    } else if (e instanceof Expr.ArrayLit a) {
      own = 6 + 5 * a.elements().size();
    } else {
      own = 1;
    }
    int size = own;
    for (Expr c : Exprs.children(e)) {
      size += of(c);
    }
    return size;
  }
}
