package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Branches and loops of backward code that do nothing: an if whose test folded to a constant is
 * the branch it takes; an if left with nothing in either branch goes, test and all (unless the test
 * pops a recorded direction, which must be popped once a trip), and so does a loop left with
 * nothing in its body (unless its header pops), with the comments that named the statements whose
 * code is gone. A test replayed for nothing may read a value the backward pass never declares (an
 * array local to the forward branch), so dropping it is also what keeps such code compiling. Part
 * of {@link BackwardSimplification}, and run again by the stages that take statements out of
 * branches and loops afterwards.
 */
public final class DeadBranches {

  private DeadBranches() {}

  public static List<Stmt> apply(List<Stmt> code) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : code) {
      if (s instanceof Stmt.If f) {
        List<Stmt> then = apply(f.then().stmts());
        List<Stmt> otherwise = apply(f.otherwise().stmts());
        if (f.cond() instanceof Expr.Const c && c.type().equals(Type.BOOLEAN)) {
          out.addAll(c.value() != 0 ? then : otherwise);
        } else if (!then.isEmpty() || !otherwise.isEmpty() || Tapes.pops(f.cond())) {
          out.add(new Stmt.If(f.cond(), new Block(then), new Block(otherwise), f.pos()));
        }
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> body = apply(l.body().stmts());
        if (!body.isEmpty() || pops(l.init()) || Tapes.pops(l.cond()) || pops(l.update())) {
          out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(body), l.pos()));
        }
      } else {
        out.add(s);
      }
    }
    return withoutOrphanComments(out);
  }

  private static boolean pops(List<Stmt> stmts) {
    return stmts.stream().anyMatch(s -> Stmts.ownExprs(s).stream().anyMatch(Tapes::pops));
  }

  /** Without the comments that name a statement whose code is gone (the next line is another comment, or none). */
  public static List<Stmt> withoutOrphanComments(List<Stmt> code) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < code.size(); i++) {
      boolean orphan = code.get(i) instanceof Stmt.Comment c && c.about() != null
          && (i + 1 == code.size() || code.get(i + 1) instanceof Stmt.Comment);
      if (!orphan) {
        out.add(code.get(i));
      }
    }
    return out;
  }
}
