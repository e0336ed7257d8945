package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A swap whose temporary is taken at the top of the trip and the rest of the rotation written
 * after the work ({@code double[] t = cur; <next from t or cur>; cur = next; next = t;}). Between
 * the two, {@code t} and {@code cur} hold one array, and neither is given another: the same
 * program reads and writes {@code cur} where it names {@code t} there, and takes {@code t = cur}
 * just before the rest of the rotation, the contiguous form {@link SwappedBuffers} proves apart.
 * Only where no jump leaves the statements in between (a {@code break} would skip the moved
 * {@code t = cur}).
 */
final class EarlyTemporaries {

  private EarlyTemporaries() {}

  /** {@code m} with each early temporary taken where its rotation goes on; {@code m} if none. */
  static IrMethod moved(IrMethod m) {
    List<Stmt> code = moved(m.body().stmts());
    return code.equals(m.body().stmts()) ? m : m.withBody(new Block(code));
  }

  private static List<Stmt> moved(List<Stmt> stmts) {
    List<Stmt> out = Stmts.withNestedBlocks(stmts, EarlyTemporaries::moved);
    for (int k = 0; k < out.size(); k++) {
      int rest = restOfRotation(out, k);
      if (rest > k + 1) {
        Stmt.Assign take = (Stmt.Assign) out.get(k);
        Variable temp = take.target();
        Variable first = ((Expr.Ref) take.value()).var();
        List<Stmt> between = new ArrayList<>();
        for (Stmt s : out.subList(k + 1, rest)) {
          between.add(Stmts.rename(s, Map.of(temp, first)));
        }
        between.add(take);
        out.subList(k, rest).clear();
        out.addAll(k, between);
      }
    }
    return out;
  }

  /**
   * Where the rest of the rotation {@code stmts[k]} begins ({@code first = x; ...; y = temp;} with
   * {@code stmts[k]} being {@code temp = first}), if {@code temp} and {@code first} are given
   * nothing in between and no jump leaves it; else -1.
   */
  private static int restOfRotation(List<Stmt> stmts, int k) {
    if (!(stmts.get(k) instanceof Stmt.Assign take) || SwappedBuffers.move(take) == null) {
      return -1;
    }
    Variable temp = take.target();
    Variable first = ((Expr.Ref) take.value()).var();
    for (int j = k + 1; j < stmts.size(); j++) {
      Stmt s = stmts.get(j);
      if (s instanceof Stmt.Assign a && a.target() == first && SwappedBuffers.move(a) != null
          && closes(stmts, j, first, temp)) {
        return j;
      }
      if (Stmts.written(List.of(s), Stmt.Assign.class).stream().anyMatch(v -> v == temp || v == first)
          || leavesBlock(s)) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether moves from {@code stmts[j]} on ({@code first = x; x = y; ...}) end in {@code ... = temp}. */
  private static boolean closes(List<Stmt> stmts, int j, Variable first, Variable temp) {
    Variable target = first;
    for (int i = j; i < stmts.size(); i++) {
      Stmt.Assign a = SwappedBuffers.move(stmts.get(i));
      if (a == null || a.target() != target) {
        return false;
      }
      Variable from = ((Expr.Ref) a.value()).var();
      if (from == temp) {
        return i > j;
      }
      target = from;
    }
    return false;
  }

  /** Whether control may leave the statement other than by running to its end (a jump out of it). */
  private static boolean leavesBlock(Stmt s) {
    if (s instanceof Stmt.If f) {
      return f.then().stmts().stream().anyMatch(EarlyTemporaries::leavesBlock)
          || f.otherwise().stmts().stream().anyMatch(EarlyTemporaries::leavesBlock);
    }
    // a loop's own breaks and continues stay in it; after a throw nothing is read
    return !(s instanceof Stmt.Loop) && !(s instanceof Stmt.Throw) && Stmts.leaves(s);
  }
}
