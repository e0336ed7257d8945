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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stabilising shift of a softmax or log-sum-exp written element by element: a local {@code m}
 * holding a max (a running {@code Math.max} or {@code if (z[i] > m) m = z[i]} in a loop, from a
 * first element or a constant, as a stream's {@code max()} runs it, or {@code Nd.max} of an array),
 * which the rest of its block reads only once it is complete, and which provably cannot change
 * what the block leaves behind. Its gradient is then exactly zero (every {@code dm} term cancels,
 * up to rounding), so {@code m} is made gradient-free ({@link IrMethod#gradientFree}): no tape of
 * its running values, no {@code dm}, and the elements it reads get nothing through it.
 *
 * <p>The proof follows how each value changes when {@code m} moves by some {@code c}: by {@code
 * k·c} ({@code z[i] - m}), by a factor {@code exp(k·c)} ({@code Math.exp(z[i] - m)}, a sum of such
 * terms, in a loop or by {@code Nd.streamSum}), not at all (their quotients, {@code m +
 * Math.log(s)}), or in a way it cannot tell. Every variable gets one such move over the whole
 * method (flow-insensitive: a loop's running sum moves as its terms do); an array's is that of all
 * its elements. A test, an index or a call of anything else reading a moving value, or an array
 * written through an alias, leaves {@code m} alone; a test that only chooses {@code m}'s next value
 * (the {@code if} of a running max) may read it. What outlives the block (the method's result,
 * variables declared outside it) must not move; for a max per row, declared in a loop's body, that
 * makes each row's shift free of the others. If the result does not move whatever value {@code m}
 * holds, its gradient through {@code m} is zero whatever {@code m} is computed from.
 */
final class ScalarShifts {
  /** The method with each max that provably cannot change its result gradient-free. */
  static IrMethod apply(IrMethod m) {
    Set<Variable> free = new HashSet<>(m.gradientFree());
    for (Variable max : candidates(m)) {
      Block within = blockDeclaring(m.body(), max);
      if (within != null && readOnlyOnceComplete(m, within, max) && cannotMove(m, within, max)) {
        free.add(max);
      }
    }
    return m.withGradientFree(free);
  }

  /**
   * Whether nothing outliving {@code within} moves with {@code max}: in the method as written, or
   * with its in-place normalisations ({@code p[i] /= s}) read as new arrays ({@link NormalisedArrays}).
   */
  private static boolean cannotMove(IrMethod m, Block within, Variable max) {
    if (new ShiftMoves(max).cannotMove(m, within)) {
      return true;
    }
    NormalisedArrays.Split split = NormalisedArrays.of(m, within);
    return split != null && new ShiftMoves(max).cannotMove(split.method(), split.block());
  }

  /**
   * Whether {@code s} only gives {@code max} its next value: an assignment of it, or an {@code if}
   * whose branches hold nothing else (its test may read {@code max}: it only chooses among values).
   */
  static boolean definesOnly(Stmt s, Variable max) {
    return s instanceof Stmt.Assign a && a.target() == max
        || s instanceof Stmt.If f && Stream.concat(f.then().stmts().stream(), f.otherwise().stmts().stream())
            .allMatch(x -> definesOnly(x, max));
  }

  /**
   * The scalar locals every assignment of which is a max, an element, another variable or a
   * constant: the ways a running max is written.
   */
  private static List<Variable> candidates(IrMethod m) {
    List<Variable> out = new ArrayList<>();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a && a.declares() && a.target().type().equals(Type.DOUBLE)
          && definitions(m.body(), a.target()).stream().allMatch(d -> d.compound() == null && isMaxOrPart(d.value()))) {
        out.add(a.target());
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

  private static boolean isMaxOrPart(Expr value) {
    return value instanceof Expr.Call c && c.receiver() == null && c.callee().name().equals("max")
            && (c.callee().kind() == Callee.Kind.MATH && c.callee().owner().equals(ClassRef.MATH)
                || c.callee().kind() == Callee.Kind.ND && c.callee().owner().equals(ClassRef.ND))
        || value instanceof Expr.Index || value instanceof Expr.Ref || value instanceof Expr.Const
        || value instanceof Expr.FieldRef f && f.target() == null;
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
   * Whether every read of {@code max} but its own definitions' comes after the last statement of
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
        if (!definesOnly(x, max)) {
          Stmts.ownExprs(x).forEach(e -> n[0] += Exprs.countReads(e, max));
        }
      });
    }
    return n[0];
  }
}
