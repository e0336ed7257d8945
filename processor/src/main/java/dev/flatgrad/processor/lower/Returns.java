package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a body so that its only return is its last statement, {@code return out;}: a return
 * inside a branch assigns {@code out} and the statements after the branch move into the paths that
 * fall through. The backward pass then starts from one place.
 */
final class Returns {

  record Normalized(Block body, Variable output) {}

  private Returns() {}

  static Normalized normalize(List<Stmt> body, Type returnType, Pos methodPos) {
    if (!containsReturn(body) && !Reachability.completesNormally(body)) {
      throw new Problem(methodPos, Tag.UNSUPPORTED,
          "the method never returns a value (every path throws): there is nothing to differentiate");
    }
    int last = body.size() - 1;
    if (last >= 0 && body.get(last) instanceof Stmt.Return r && !containsReturn(body.subList(0, last))) {
      if (r.value() instanceof Expr.Ref ref && ref.var().type().equals(returnType)) {
        return new Normalized(new Block(body), ref.var());
      }
      Variable out = Variable.temp("out", returnType);
      List<Stmt> stmts = new ArrayList<>(body.subList(0, last));
      stmts.add(new Stmt.Assign(out, null, r.value(), true, r.pos()));
      stmts.add(new Stmt.Return(new Expr.Ref(out), r.pos()));
      return new Normalized(new Block(stmts), out);
    }
    Variable out = Variable.temp("out", returnType);
    List<Stmt> stmts = new ArrayList<>();
    int first = 0;
    while (first < body.size() && !containsReturn(List.of(body.get(first)))) {
      stmts.add(body.get(first++));
    }
    Pos at = first < body.size() ? body.get(first).pos() : methodPos;
    List<Stmt> returning = body.subList(first, body.size());
    if (Reachability.completesNormally(returning)) {
      throw new Problem(methodPos, Tag.UNSUPPORTED, "not every path of the method returns a value");
    }
    Variable done = null;
    if (returnsInLoop(returning)) {
      // javac cannot see that a loop's early exit assigns the result: start from a default.
      done = Variable.temp("returned", Type.BOOLEAN);
      stmts.add(new Stmt.Assign(out, null, defaultOf(returnType), true, at));
      stmts.add(new Stmt.Assign(done, null, Expr.Const.ofBoolean(false), true, at));
    } else {
      stmts.add(new Stmt.Declare(out, at));
    }
    stmts.addAll(rewrite(returning, out, done));
    if (done != null && !Stmts.read(stmts).contains(done)) {
      // Nothing follows the loops that return (while (true) { ... return y; }): no flag needed.
      stmts = withoutWrites(stmts, done);
    }
    stmts.add(new Stmt.Return(new Expr.Ref(out), Pos.NONE));
    return new Normalized(new Block(stmts), out);
  }

  /** The statements without the assignments to {@code v}. */
  private static List<Stmt> withoutWrites(List<Stmt> stmts, Variable v) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        continue;
      }
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), new Block(withoutWrites(f.then().stmts(), v)),
            new Block(withoutWrites(f.otherwise().stmts(), v)), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), new Block(withoutWrites(l.body().stmts(), v)),
            l.pos()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The statements with every return turned into {@code out = value} and what follows it moved. */
  private static List<Stmt> rewrite(List<Stmt> stmts, Variable out, Variable done) {
    List<Stmt> result = new ArrayList<>();
    for (int i = 0; i < stmts.size(); i++) {
      Stmt s = stmts.get(i);
      List<Stmt> rest = stmts.subList(i + 1, stmts.size());
      if (s instanceof Stmt.Return r) {
        result.add(new Stmt.Assign(out, null, r.value(), false, r.pos()));
        return result;
      }
      if (s instanceof Stmt.If f && containsReturn(List.of(f))) {
        result.add(
            new Stmt.If(
                f.cond(),
                new Block(rewrite(continued(f.then().stmts(), rest), out, done)),
                new Block(rewrite(continued(f.otherwise().stmts(), rest), out, done)),
                f.pos()));
        return result;
      }
      if (s instanceof Stmt.Loop l && containsReturn(l.body().stmts())) {
        result.add(breaking(l, out, done));
        if (!rest.isEmpty()) {
          Expr notDone = new Expr.Unary(UnaryOp.NOT, new Expr.Ref(done), Type.BOOLEAN);
          result.add(new Stmt.If(notDone, new Block(rewrite(rest, out, done)), Block.EMPTY, l.pos()));
        }
        return result;
      }
      result.add(s);
    }
    return result;
  }

  /** A loop whose returns assign {@code out}, set {@code done} and break out of every loop. */
  private static Stmt.Loop breaking(Stmt.Loop l, Variable out, Variable done) {
    return new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(),
        new Block(returnsToBreaks(l.body().stmts(), out, done)), l.pos());
  }

  private static List<Stmt> returnsToBreaks(List<Stmt> stmts, Variable out, Variable done) {
    List<Stmt> result = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Return r) {
        result.add(new Stmt.Assign(out, null, r.value(), false, r.pos()));
        result.add(new Stmt.Assign(done, null, Expr.Const.ofBoolean(true), false, r.pos()));
        result.add(new Stmt.Break(r.pos()));
        return result;
      }
      if (s instanceof Stmt.If f && containsReturn(List.of(f))) {
        result.add(new Stmt.If(f.cond(), new Block(returnsToBreaks(f.then().stmts(), out, done)),
            new Block(returnsToBreaks(f.otherwise().stmts(), out, done)), f.pos()));
      } else if (s instanceof Stmt.Loop l && containsReturn(l.body().stmts())) {
        result.add(breaking(l, out, done));
        result.add(new Stmt.If(new Expr.Ref(done), Block.of(new Stmt.Break(l.pos())), Block.EMPTY, l.pos()));
      } else {
        result.add(s);
      }
    }
    return result;
  }

  private static boolean returnsInLoop(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Loop l && containsReturn(l.body().stmts())) {
        return true;
      }
      if (s instanceof Stmt.If f && (returnsInLoop(f.then().stmts()) || returnsInLoop(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The result's value before a return assigns it: never returned, but javac wants one. An empty
   * array rather than null: the backward pass may shape a zero adjoint after it (new double[out.length]).
   */
  private static Expr defaultOf(Type t) {
    if (!t.isArray()) {
      return Expr.Const.ofDouble(0.0);
    }
    List<Expr> dims = new ArrayList<>();
    for (int d = 0; d < t.rank(); d++) {
      dims.add(Expr.Const.ofInt(0));
    }
    return new Expr.NewArray(t, dims);
  }

  /** The branch followed by {@code rest}, if the branch can fall through. */
  private static List<Stmt> continued(List<Stmt> branch, List<Stmt> rest) {
    if (!Reachability.completesNormally(branch)) {
      return branch;
    }
    List<Stmt> joined = new ArrayList<>(branch);
    joined.addAll(rest);
    return joined;
  }

  static boolean containsReturn(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Return) {
        return true;
      }
      if (s instanceof Stmt.If f
          && (containsReturn(f.then().stmts()) || containsReturn(f.otherwise().stmts()))) {
        return true;
      }
      if (s instanceof Stmt.Loop l && containsReturn(l.body().stmts())) {
        return true;
      }
    }
    return false;
  }
}
