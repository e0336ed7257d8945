package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stabilising shift of a softmax or log-sum-exp, {@code s = Nd.subtract(x, Nd.col(Nd.max(x,
 * 1)))}, gets no gradient through its max when the result provably does not depend on the shift:
 * that gradient is exactly zero (numpy code never computes it), and computing it costs several
 * N×C temporaries. The proof follows how each value changes when every row of {@code s} moves by
 * its own {@code c}: by {@code k·c} ({@code s} itself, {@code log(sum(exp(s), 1))}, {@code pick(s,
 * y)}), by a factor {@code exp(k·c)} ({@code exp(s)}, its row sums), not at all (their differences
 * and quotients), or in a way it cannot tell. Only a result that does not move at all is changed;
 * anything else, a loop or a branch reading a moving value included, leaves the method alone.
 */
public final class StabilisingShifts {

  /** How a value moves with the shift: by {@code k·c} (ADD), by {@code exp(k·c)} (MUL), or unknown. */
  private record Move(Kind kind, int k, int rank) {
    enum Kind {
      ADD,
      MUL,
      UNKNOWN
    }

    static Move none(int rank) {
      return new Move(Kind.ADD, 0, rank);
    }

    static final Move UNKNOWN = new Move(Kind.UNKNOWN, 0, 0);

    boolean isNone() {
      return kind != Kind.UNKNOWN && k == 0;
    }

    static Move by(Kind kind, int k, int rank) {
      return k == 0 ? none(rank) : new Move(kind, k, rank);
    }
  }

  private StabilisingShifts() {}

  /**
   * The method with the max of each shift that provably cannot change the result made
   * gradient-free: the rows' shifts of matrices here, a scalar's by {@link ScalarShifts}.
   */
  public static IrMethod apply(IrMethod m) {
    return ScalarShifts.apply(withoutRowShifts(m));
  }

  /**
   * The method with the scalar shifts' maxima gradient-free ({@link ScalarShifts}), as forward
   * modes take it: a result that does not move with {@code m} has a tangent that does not either,
   * so {@code m} needs no tangent, and the tangent's own gradient (H·v) none through {@code m}.
   */
  public static IrMethod scalar(IrMethod m) {
    return ScalarShifts.apply(m);
  }

  /** A call of the same method without a gradient (a helper's: no rule, nothing flows through it). */
  static Expr.Call withoutGradient(Expr.Call c) {
    Callee plain = new Callee(c.callee().owner(), c.callee().name(), c.callee().params(), c.callee().result(),
        Callee.Kind.HELPER);
    return new Expr.Call(c.receiver(), plain, c.args(), c.pos());
  }

  private static IrMethod withoutRowShifts(IrMethod m) {
    if (!m.returnType().equals(dev.flatgrad.processor.ir.Type.DOUBLE)) {
      return m;
    }
    List<Stmt> stmts = m.body().stmts();
    List<Stmt> out = new ArrayList<>(stmts);
    boolean changed = false;
    for (int i = 0; i < stmts.size(); i++) {
      if (stmts.get(i) instanceof Stmt.Assign a && shiftOf(a.value()) != null && a.compound() == null
          && assignedOnce(m, a.target()) && invariant(stmts.subList(i + 1, stmts.size()), a.target(), m)) {
        Expr.Call subtract = (Expr.Call) a.value();
        Expr.Call col = (Expr.Call) subtract.args().get(1);
        Expr freeMax = withoutGradient((Expr.Call) col.args().get(0));
        Expr value = new Expr.Call(null, subtract.callee(),
            List.of(subtract.args().get(0), new Expr.Call(null, col.callee(), List.of(freeMax), col.pos())), subtract.pos());
        out.set(i, new Stmt.Assign(a.target(), null, value, a.declares(), a.pos()));
        changed = true;
      }
    }
    return changed ? m.withBody(new dev.flatgrad.processor.ir.Block(out)) : m;
  }

  /** {@code x} of {@code Nd.subtract(x, Nd.col(Nd.max(x, 1)))}, for a matrix variable {@code x}; else null. */
  private static Variable shiftOf(Expr e) {
    if (isNd(e, "subtract", 2) && ((Expr.Call) e).args().get(0) instanceof Expr.Ref x && x.var().type().rank() == 2
        && isNd(((Expr.Call) e).args().get(1), "col", 1)) {
      Expr max = ((Expr.Call) ((Expr.Call) e).args().get(1)).args().get(0);
      if (isNd(max, "max", 2) && ((Expr.Call) max).args().get(0).equals(x)
          && ((Expr.Call) max).args().get(1) instanceof Expr.Const one && one.value() == 1) {
        return x.var();
      }
    }
    return null;
  }

  private static boolean assignedOnce(IrMethod m, Variable v) {
    int[] count = {0};
    Stmts.walk(m.body(), s -> count[0] += v.equals(Stmts.target(s)) ? 1 : 0);
    return count[0] == 1;
  }

  /** Whether the statements after {@code s = shift} end in a return that does not move with the shift. */
  private static boolean invariant(List<Stmt> after, Variable shifted, IrMethod m) {
    Map<Variable, Move> moves = new HashMap<>();
    moves.put(shifted, new Move(Move.Kind.ADD, 1, 2));
    for (Stmt s : after) {
      if (s instanceof Stmt.Return r) {
        return move(r.value(), moves).isNone();
      }
      if (storesIntoMoving(s, moves)) {
        return false;
      }
      boolean readsMoving = Stmts.ownExprs(s).stream().anyMatch(e -> !move(e, moves).isNone());
      if (s instanceof Stmt.Assign a && a.compound() == null && !(readsMoving && !assignedOnce(m, a.target()))) {
        Move v = move(a.value(), moves);
        if (v.kind() == Move.Kind.UNKNOWN) {
          return false;
        }
        if (!v.isNone()) {
          moves.put(a.target(), v);
        }
        continue;
      }
      boolean nestedReadsMoving = readsMovingInside(s, moves);
      if (readsMoving || nestedReadsMoving) {
        return false;
      }
    }
    return false;
  }

  /** Whether {@code s} writes elements of a moving value (or of an alias of one). */
  private static boolean storesIntoMoving(Stmt s, Map<Variable, Move> moves) {
    boolean[] found = {false};
    Stmts.walk(s, x -> found[0] |= x instanceof Stmt.Store st && moves.containsKey(st.array()));
    return found[0];
  }

  private static boolean readsMovingInside(Stmt s, Map<Variable, Move> moves) {
    boolean[] found = {false};
    Stmts.walk(s, x -> Stmts.ownExprs(x).forEach(e -> found[0] |= !move(e, moves).isNone()));
    return found[0];
  }

  /** How {@code e} moves with the shift. */
  private static Move move(Expr e, Map<Variable, Move> moves) {
    if (e instanceof Expr.Ref r) {
      return moves.getOrDefault(r.var(), Move.none(r.var().type().rank()));
    }
    if (e instanceof Expr.Call c && c.callee().owner().equals(ClassRef.ND) && c.receiver() == null) {
      List<Move> args = c.args().stream().map(a -> move(a, moves)).toList();
      int rank = c.type().rank();
      if (args.stream().allMatch(Move::isNone)) {
        return Move.none(rank);
      }
      return call(c, args, rank);
    }
    // Anything else (arithmetic, an element, another call) does not move only if no operand does.
    boolean still = Exprs.children(e).stream().allMatch(x -> move(x, moves).isNone());
    return still ? Move.none(e.type().rank()) : Move.UNKNOWN;
  }

  private static Move call(Expr.Call c, List<Move> args, int rank) {
    Move a = args.get(0);
    Move.Kind add = Move.Kind.ADD;
    Move.Kind mul = Move.Kind.MUL;
    switch (c.callee().name()) {
      case "exp":
        return args.size() == 1 && a.kind() == add ? Move.by(mul, a.k(), rank) : Move.UNKNOWN;
      case "log":
        return args.size() == 1 && a.kind() == mul ? Move.by(add, a.k(), rank) : Move.UNKNOWN;
      case "col":
        return args.size() == 1 && a.rank() == 1 ? Move.by(a.kind(), a.k(), rank) : Move.UNKNOWN;
      case "sum":
        // Row sums of a matrix moving by a factor move by that factor.
        return args.size() == 2 && a.kind() == mul && a.rank() == 2 && isOne(c.args().get(1))
            ? Move.by(mul, a.k(), rank) : Move.UNKNOWN;
      case "max":
        return args.size() == 2 && a.kind() == add && a.rank() == 2 && isOne(c.args().get(1))
            ? Move.by(add, a.k(), rank) : Move.UNKNOWN;
      case "pick":
        return args.size() == 2 && a.kind() == add && a.rank() == 2 ? Move.by(add, a.k(), rank) : Move.UNKNOWN;
      case "add", "subtract":
        return combine(args, add, c.callee().name().equals("add") ? 1 : -1, rank);
      case "multiply":
        return combine(args, mul, 1, rank);
      case "divide":
        return combine(args, mul, -1, rank);
      default:
        return Move.UNKNOWN;
    }
  }

  /**
   * Two values combined elementwise: their moves add (or subtract) when both are of {@code kind}
   * or do not move, and the shapes line up row by row (a vector moving per element meets only
   * vectors; a matrix moving per row meets matrices, N×1 columns, or values that do not move).
   */
  private static Move combine(List<Move> args, Move.Kind kind, int sign, int rank) {
    if (args.size() != 2) {
      return Move.UNKNOWN;
    }
    Move a = args.get(0);
    Move b = args.get(1);
    for (Move m : List.of(a, b)) {
      if (!m.isNone() && m.kind() != kind) {
        return Move.UNKNOWN;
      }
    }
    boolean rowsMeet = a.isNone() || b.isNone() || a.rank() == b.rank();
    if (!rowsMeet) {
      return Move.UNKNOWN;
    }
    return Move.by(kind, a.k() + sign * b.k(), rank);
  }

  private static boolean isOne(Expr e) {
    return e instanceof Expr.Const c && c.value() == 1;
  }

  private static boolean isNd(Expr e, String name, int args) {
    return e instanceof Expr.Call c && c.callee().owner().equals(ClassRef.ND) && c.receiver() == null
        && c.callee().name().equals(name) && c.args().size() == args;
  }
}
