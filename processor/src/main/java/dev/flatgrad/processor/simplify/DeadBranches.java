package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Branches of backward code that decide nothing: an if whose test folded to a constant is the
 * branch it takes, and an if left with nothing in either branch goes, test and all (unless the test
 * pops a recorded direction, which must be popped once a trip). A test replayed for nothing may
 * read a value the backward pass never declares (an array local to the forward branch), so
 * dropping it is also what keeps such code compiling. Part of {@link BackwardSimplification}, and
 * run again by the stages that take statements out of branches afterwards.
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
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(apply(l.body().stmts())), l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
