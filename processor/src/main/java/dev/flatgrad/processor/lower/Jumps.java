package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts loops in the shape the reversal replays: a {@code break} or {@code continue} only ends a
 * branch (what followed it moves into the paths that fall through), and a loop that is not a
 * counting loop keeps its update at the end of its body (and before each {@code continue}), so
 * that one trip of the body is one trip of the loop.
 */
final class Jumps {

  private Jumps() {}

  static Block normalize(Block b) {
    return new Block(block(b.stmts(), List.of()));
  }

  /** Normalises a list of statements; {@code update} is appended before each continue. */
  private static List<Stmt> block(List<Stmt> stmts, List<Stmt> update) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      List<Stmt> rest = stmts.subList(i + 1, stmts.size());
      if (s instanceof Stmt.Break) {
        out.add(s);
        return out;
      }
      if (s instanceof Stmt.Continue) {
        out.addAll(update);
        out.add(s);
        return out;
      }
      if (s instanceof Stmt.If f && (jumps(f.then().stmts()) || jumps(f.otherwise().stmts()))) {
        out.add(new Stmt.If(
            f.cond(),
            new Block(block(continued(f.then().stmts(), rest), update)),
            new Block(block(continued(f.otherwise().stmts(), rest), update)),
            f.pos()));
        return out;
      }
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(block(f.then().stmts(), update)),
            new Block(block(f.otherwise().stmts(), update)), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(loop(l));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static Stmt loop(Stmt.Loop l) {
    if (l.kind() != Stmt.LoopKind.FOR || Loops.counting(l).isPresent() || l.update().isEmpty()) {
      return new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(block(l.body().stmts(), List.of())), l.pos());
    }
    List<Stmt> body = atNormalEnds(block(l.body().stmts(), l.update()), l.update());
    return new Stmt.Loop(l.kind(), l.init(), l.cond(), List.of(), new Block(body), l.pos());
  }

  /**
   * The statements with {@code tail} appended to every path that reaches their end: into the
   * branches of a final if that jumps somewhere inside, so that the tail runs on exactly the paths
   * the reversal replays it on.
   */
  private static List<Stmt> atNormalEnds(List<Stmt> stmts, List<Stmt> tail) {
    List<Stmt> out = new ArrayList<>(stmts);
    if (!out.isEmpty() && out.get(out.size() - 1) instanceof Stmt.If f
        && (jumps(f.then().stmts()) || jumps(f.otherwise().stmts()))) {
      out.set(out.size() - 1, new Stmt.If(f.cond(),
          new Block(atNormalEnds(f.then().stmts(), tail)),
          new Block(atNormalEnds(f.otherwise().stmts(), tail)), f.pos()));
    } else if (Reachability.completesNormally(out)) {
      out.addAll(tail);
    }
    return out;
  }

  private static List<Stmt> continued(List<Stmt> branch, List<Stmt> rest) {
    if (!Reachability.completesNormally(branch)) {
      return branch;
    }
    List<Stmt> joined = new ArrayList<>(branch);
    joined.addAll(rest);
    return joined;
  }

  /** Whether the statements contain a break or continue of the enclosing loop. */
  static boolean jumps(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
        return true;
      }
      if (s instanceof Stmt.If f && (jumps(f.then().stmts()) || jumps(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }
}
