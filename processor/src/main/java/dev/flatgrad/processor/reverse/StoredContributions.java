package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import dev.flatgrad.processor.simplify.Simplifier;
import dev.flatgrad.processor.simplify.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage after reverse: an element contribution {@code dc[i] += e} that is certainly the first and
 * only one its element gets is stored instead, {@code dc[i] = e}, as a person writes it (the add
 * reads the element back for nothing). Proven, not guessed; the rule fires only when all hold:
 *
 * <ul>
 *   <li>the adjoint array is made zero right there ({@code new double[n]}, {@code
 *       Nd.zerosLike(x)}: a fresh array nobody else holds), and no statement after it touches the
 *       array (reads it, passes it, aliases it) before one counting loop ({@link Loops#counting});
 *   <li>in that loop, the array is named once: by that contribution, which no loop but counting
 *       loops nested in it encloses (a branch may);
 *   <li>each enclosing counting loop, outermost first, has an index position that is an
 *       injective function of its counter ({@code i}, {@code i + c}, {@code c - i}, {@code -i},
 *       sums and differences of those with values the loop does not change): two trips of the
 *       loop then write two elements, and, the outer positions fixed, two trips of an inner loop
 *       too.
 * </ul>
 *
 * Then each element is written at most once, after being zero, and storing is adding to zero
 * (but for the sign of a zero sum, which no gradient's value depends on). Otherwise the
 * contribution stays an addition.
 */
public final class StoredContributions {

  private StoredContributions() {}

  /** The statements with every provably first and only element contribution stored. */
  public static List<Stmt> apply(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      out.add(nested(s));
    }
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k) instanceof Stmt.Assign a && a.compound() == null
          && a.target().kind() == Variable.Kind.ADJOINT && isZeros(a.value())) {
        storeFirstLoop(out, k + 1, a.target());
      }
    }
    return out;
  }

  private static Stmt nested(Stmt s) {
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.cond(), block(f.then()), block(f.otherwise()), f.pos());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), block(l.body()), l.pos());
    }
    return s;
  }

  private static Block block(Block b) {
    return new Block(apply(b.stmts()));
  }

  /** A fresh array of zeros, every row its own. */
  private static boolean isZeros(Expr e) {
    if (e instanceof Expr.NewArray n) {
      return n.dims().size() == n.type().rank();
    }
    return NdCalls.is(e, "zerosLike");
  }

  /**
   * From {@code from} on, skips the statements that do not name {@code array}; if the first one
   * that does is a loop where the rule holds, replaces it with the loop storing its contribution.
   */
  private static void storeFirstLoop(List<Stmt> stmts, int from, Variable array) {
    for (int k = from; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (!names(s, array)) {
        continue;
      }
      if (s instanceof Stmt.Loop l && names(l.body().stmts(), array) == 1 && !headerNames(l, array)) {
        int at = k;
        stored(l, array, List.of()).ifPresent(stored -> stmts.set(at, stored));
      }
      return;
    }
  }

  /**
   * {@code loop} with the one contribution to {@code array} in its body stored, if the loop, inside
   * {@code outer} (the enclosing counting loops, outermost first), proves it the element's only
   * one; empty otherwise.
   */
  private static Optional<Stmt> stored(Stmt.Loop loop, Variable array, List<Stmt.Loop> outer) {
    if (Loops.counting(loop).isEmpty()) {
      return Optional.empty();
    }
    List<Stmt.Loop> nest = new ArrayList<>(outer);
    nest.add(loop);
    Optional<Block> body = stored(loop.body(), array, nest);
    return body.map(b -> new Stmt.Loop(loop.kind(), loop.init(), loop.cond(), loop.update(), b, loop.pos()));
  }

  /** {@code block}, inside the loops {@code nest}, with its contribution to {@code array} stored. */
  private static Optional<Block> stored(Block block, Variable array, List<Stmt.Loop> nest) {
    List<Stmt> stmts = new ArrayList<>(block.stmts());
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (!names(s, array)) {
        continue;
      }
      Optional<Stmt> replaced = Optional.empty();
      if (s instanceof Stmt.Store st) {
        replaced = stored(st, array, nest);
      } else if (s instanceof Stmt.If f && !names(f.cond(), array)) {
        replaced = storedInBranch(f, array, nest);
      } else if (s instanceof Stmt.Loop l && !headerNames(l, array)) {
        replaced = stored(l, array, nest);
      }
      if (replaced.isEmpty()) {
        return Optional.empty();
      }
      stmts.set(k, replaced.get());
      return Optional.of(new Block(stmts));
    }
    return Optional.empty();
  }

  private static Optional<Stmt> storedInBranch(Stmt.If f, Variable array, List<Stmt.Loop> nest) {
    if (names(f.then().stmts(), array) == 1) {
      return stored(f.then(), array, nest).map(b -> new Stmt.If(f.cond(), b, f.otherwise(), f.pos()));
    }
    return stored(f.otherwise(), array, nest).map(b -> new Stmt.If(f.cond(), f.then(), b, f.pos()));
  }

  private static Optional<Stmt> stored(Stmt.Store st, Variable array, List<Stmt.Loop> nest) {
    boolean adds = st.compound() == BinaryOp.ADD || st.compound() == BinaryOp.SUB;
    if (st.array() != array || !adds || st.value().type().isArray() || !Loops.distinctPerTrip(st.indices(), nest)) {
      return Optional.empty();
    }
    Expr value = st.compound() == BinaryOp.ADD ? st.value() : Style.apply(Simplifier.negate(st.value()));
    return Optional.of(new Stmt.Store(array, st.indices(), null, value, st.pos()));
  }

  private static boolean headerNames(Stmt.Loop l, Variable array) {
    return names(l.init(), array) + names(l.update(), array) > 0 || names(l.cond(), array);
  }

  private static boolean names(Stmt s, Variable array) {
    return names(List.of(s), array) > 0;
  }

  private static boolean names(Expr e, Variable array) {
    return Exprs.reads(e, array);
  }

  /**
   * How many statements in {@code stmts}, nested ones included, read or write {@code array} (a
   * branch or loop by its test).
   */
  private static int names(List<Stmt> stmts, Variable array) {
    int[] n = {0};
    for (Stmt s : stmts) {
      Stmts.walk(s, x -> {
        if (array.equals(Stmts.target(x)) || Stmts.ownExprs(x).stream().anyMatch(e -> Exprs.reads(e, array))) {
          n[0]++;
        }
      });
    }
    return n[0];
  }
}
