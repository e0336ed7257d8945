package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The stabilising shift of a softmax or log-sum-exp written element by element: a local {@code m}
 * holding a max ({@code Math.max} in a loop, as a stream's {@code max()} runs it, or {@code
 * Nd.max} of an array), which the rest of its block reads only once it is complete, and which
 * provably cannot change what the block leaves behind. Its gradient is then exactly zero (every
 * {@code dm} term cancels, up to rounding), so {@code m} is computed without one: no tape of its
 * running values, no {@code dm}.
 *
 * <p>The proof follows how each value changes when {@code m} moves by some {@code c}: by {@code
 * k·c} ({@code z[i] - m}), by a factor {@code exp(k·c)} ({@code Math.exp(z[i] - m)}, a sum of such
 * terms, in a loop or by {@code Nd.streamSum}), not at all (their quotients, {@code m +
 * Math.log(s)}), or in a way it cannot tell. Every variable gets one such move over the whole
 * method (flow-insensitive: a loop's running sum moves as its terms do); an array's is that of all
 * its elements. A test, an index or a call of anything else reading a moving value, or an array
 * written through an alias, leaves {@code m} alone. What outlives the block (the method's result,
 * variables declared outside it) must not move; for a max per row, declared in a loop's body, that
 * makes each row's shift free of the others.
 */
final class ScalarShifts {
  /** The method with each max that provably cannot change its result computed without a gradient. */
  static IrMethod apply(IrMethod m) {
    for (Variable max : candidates(m)) {
      Block within = blockDeclaring(m.body(), max);
      if (within != null && readOnlyOnceComplete(m, within, max) && new ShiftMoves(max).cannotMove(m, within)) {
        Block detached = new Block(detach(m.body().stmts(), max));
        if (definitions(detached, max).stream().noneMatch(ScalarShifts::isMax)) {
          m = m.withBody(detached);
        }
      }
    }
    return m;
  }

  /** The scalar locals every assignment of which is a max or a constant, one a max at least. */
  private static List<Variable> candidates(IrMethod m) {
    List<Variable> out = new ArrayList<>();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a && a.declares() && a.target().type().equals(Type.DOUBLE)) {
        List<Stmt.Assign> defs = definitions(m.body(), a.target());
        if (defs.stream().anyMatch(ScalarShifts::isMax) && defs.stream().allMatch(d -> d.compound() == null
            && (isMax(d) || d.value() instanceof Expr.Const || d.value() instanceof Expr.FieldRef f && f.target() == null))) {
          out.add(a.target());
        }
      }
    });
    return out;
  }

  private static List<Stmt.Assign> definitions(Block body, Variable v) {
    List<Stmt.Assign> out = new ArrayList<>();
    Stmts.walk(body, s -> {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        out.add(a);
      }
    });
    return out;
  }

  private static boolean isMax(Stmt.Assign a) {
    return a.value() instanceof Expr.Call c && c.receiver() == null && c.callee().name().equals("max")
        && (c.callee().kind() == Callee.Kind.MATH && c.callee().owner().equals(ClassRef.MATH)
            || c.callee().kind() == Callee.Kind.ND && c.callee().owner().equals(ClassRef.ND));
  }

  /** The block whose own statements include {@code v}'s declaration; null if a loop's header declares it. */
  private static Block blockDeclaring(Block b, Variable v) {
    for (Stmt s : b.stmts()) {
      if (s instanceof Stmt.Assign a && a.declares() && a.target() == v) {
        return b;
      }
      List<Block> inner = s instanceof Stmt.If f ? List.of(f.then(), f.otherwise())
          : s instanceof Stmt.Loop l ? List.of(l.body()) : List.of();
      for (Block i : inner) {
        Block found = blockDeclaring(i, v);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * Whether every read of {@code max} but its own assignments' comes after the last statement of
   * {@code block} that assigns it: all later code sees one value, the complete max.
   */
  private static boolean readOnlyOnceComplete(IrMethod m, Block block, Variable max) {
    List<Stmt> stmts = block.stmts();
    int last = -1;
    for (int i = 0; i < stmts.size(); i++) {
      if (!definitions(new Block(List.of(stmts.get(i))), max).isEmpty()) {
        last = i;
      }
    }
    return readsBesideDefinitions(m.body().stmts(), max) == readsBesideDefinitions(stmts.subList(last + 1, stmts.size()), max);
  }

  private static int readsBesideDefinitions(List<Stmt> code, Variable max) {
    int[] n = {0};
    for (Stmt s : code) {
      Stmts.walk(s, x -> {
        if (!(x instanceof Stmt.Assign a && a.target() == max)) {
          Stmts.ownExprs(x).forEach(e -> n[0] += Exprs.countReads(e, max));
        }
      });
    }
    return n[0];
  }

  /** The statements with each max assigned to {@code max} computed without a gradient. */
  private static List<Stmt> detach(List<Stmt> code, Variable max) {
    List<Stmt> out = Stmts.withNestedBlocks(code, inner -> detach(inner, max));
    out.replaceAll(s -> s instanceof Stmt.Assign a && a.target() == max && isMax(a)
        ? new Stmt.Assign(max, null, StabilisingShifts.withoutGradient((Expr.Call) a.value()), a.declares(), a.pos())
        : s);
    return out;
  }
}
