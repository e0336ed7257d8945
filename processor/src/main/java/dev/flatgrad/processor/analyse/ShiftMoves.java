package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How each value of a method moves when a stabilising max {@code m} moves by some {@code c} (see
 * {@link ScalarShifts}): by {@code k·c}, by a factor {@code exp(k·c)}, not at all, or in a way it
 * cannot tell; every variable one move over the whole method (flow-insensitive), an array's that
 * of all its elements, found to a fixed point.
 */
final class ShiftMoves {

  /** How a value moves with the shift {@code c}. */
  private record Move(Kind kind, int k) {
    enum Kind {
      /** Not seen yet (the fixed point's start). */
      BOTTOM,
      /** Exactly zero: it does not move, and is also {@code 0·exp(k·c)} for any {@code k}. */
      ZERO,
      /** By {@code k·c}; {@code k = 0}: not at all. */
      ADD,
      /** By a factor {@code exp(k·c)}, {@code k != 0}. */
      MUL,
      UNKNOWN
    }

    static final Move BOTTOM = new Move(Kind.BOTTOM, 0);
    static final Move ZERO = new Move(Kind.ZERO, 0);
    static final Move NONE = new Move(Kind.ADD, 0);
    static final Move UNKNOWN = new Move(Kind.UNKNOWN, 0);

    static Move by(int k) {
      return new Move(Kind.ADD, k);
    }

    static Move times(int k) {
      return k == 0 ? NONE : new Move(Kind.MUL, k);
    }

    boolean still() {
      return kind == Kind.ZERO || kind == Kind.ADD && k == 0;
    }

    /** The {@code k} of a factor {@code exp(k·c)} (0 for a value that does not move); null if none. */
    Integer factor() {
      return kind == Kind.MUL || kind == Kind.ADD && k == 0 ? k : null;
    }

    /** BOTTOM or UNKNOWN among {@code moves}, UNKNOWN first; null if neither. */
    static Move undecided(Move... moves) {
      Move out = null;
      for (Move m : moves) {
        if (m.kind == Kind.UNKNOWN) {
          return UNKNOWN;
        }
        if (m.kind == Kind.BOTTOM) {
          out = BOTTOM;
        }
      }
      return out;
    }

    Move join(Move o) {
      if (kind == Kind.BOTTOM || equals(o)) {
        return o;
      }
      if (o.kind == Kind.BOTTOM) {
        return this;
      }
      if (kind == Kind.ZERO && o.factor() != null) {
        return o;
      }
      if (o.kind == Kind.ZERO && factor() != null) {
        return this;
      }
      return UNKNOWN;
    }
  }

  private final Variable shift;
  private final Map<Variable, Move> moves = new HashMap<>();

  ShiftMoves(Variable shift) {
    this.shift = shift;
  }

  /**
   * Whether nothing that outlives {@code block} moves with the shift: the moves of all variables
   * found to a fixed point, then every test, index and result checked.
   */
  boolean cannotMove(IrMethod m, Block block) {
    List<Stmt> all = new ArrayList<>();
    Stmts.walk(m.body(), all::add);
    for (Stmt s : all) {
      Variable t = Stmts.target(s);
      if (t != null && t != shift) {
        moves.put(t, Move.BOTTOM);
      }
    }
    moves.put(shift, Move.by(1));
    if (!writesOnlyOwnArrays(all) || !settle(all)) {
      return false;
    }
    Set<Variable> local = Stmts.declared(block.stmts());
    for (Map.Entry<Variable, Move> e : moves.entrySet()) {
      if (e.getValue().kind() == Move.Kind.UNKNOWN || !local.contains(e.getKey()) && !e.getValue().still()) {
        return false;
      }
    }
    for (Stmt s : all) {
      if (ScalarShifts.definesOnly(s, shift)) {
        continue; // a test choosing the shift's next value: which one it holds cannot matter
      }
      List<Expr> tests = s instanceof Stmt.Store st ? st.indices()
          : s instanceof Stmt.If || s instanceof Stmt.Loop || s instanceof Stmt.Return || s instanceof Stmt.Eval
              ? Stmts.ownExprs(s) : List.of();
      if (!tests.stream().allMatch(t -> move(t).still())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every array the method writes elements of was made by it ({@code new double[n]}) and
   * is only ever that array, and no row is another array (but one made for it): an array's move
   * then covers every way its elements change.
   */
  private static boolean writesOnlyOwnArrays(List<Stmt> all) {
    for (Stmt s : all) {
      if (s instanceof Stmt.Store st) {
        if (st.value().type().isArray() && !(st.value() instanceof Expr.NewArray)) {
          return false;
        }
        for (Stmt x : all) {
          if (x instanceof Stmt.Assign a && a.target() == st.array()
              && !(a.value() instanceof Expr.NewArray || a.value() instanceof Expr.ArrayLit)) {
            return false;
          }
        }
        if (all.stream().noneMatch(x -> x instanceof Stmt.Assign a && a.target() == st.array())) {
          return false; // a parameter's, or a field's
        }
      }
    }
    return true;
  }

  /** Joins each assignment's move into its variable's until none changes; false if that does not end. */
  private boolean settle(List<Stmt> all) {
    for (int round = 0; round < 64; round++) {
      boolean changed = false;
      for (Stmt s : all) {
        Variable target = null;
        Expr value = null;
        if (s instanceof Stmt.Assign a && a.target() != shift) {
          target = a.target();
          value = a.effectiveValue();
        } else if (s instanceof Stmt.Store st) {
          target = st.array();
          value = st.effectiveValue();
        }
        if (target != null) {
          Move before = moves.get(target);
          Move after = before.join(move(value));
          if (!after.equals(before)) {
            moves.put(target, after);
            changed = true;
          }
        }
      }
      if (!changed) {
        return true;
      }
    }
    return false;
  }

  private Move move(Expr e) {
    if (e instanceof Expr.Ref r) {
      return moves.getOrDefault(r.var(), Move.NONE);
    }
    if (e instanceof Expr.Const c) {
      return c.value() == 0 ? Move.ZERO : Move.NONE;
    }
    if (e instanceof Expr.Length) {
      return Move.NONE;
    }
    if (e instanceof Expr.NewArray n) {
      return unlessUndecided(still(n.dims()), Move.ZERO);
    }
    if (e instanceof Expr.Index i) {
      return unlessUndecided(still(List.of(i.index())), move(i.array()));
    }
    if (e instanceof Expr.Cond c) {
      return unlessUndecided(still(List.of(c.cond())), move(c.whenTrue()).join(move(c.whenFalse())));
    }
    if (e instanceof Expr.ArrayLit a) {
      return a.elements().stream().map(this::move).reduce(Move.ZERO, Move::join);
    }
    if (e instanceof Expr.Cast c && c.type().equals(Type.DOUBLE) && c.operand().type().equals(Type.DOUBLE)) {
      return move(c.operand());
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.type().equals(Type.DOUBLE)) {
      return negate(move(u.operand()));
    }
    Move known = null;
    if (e instanceof Expr.Binary b && b.type().equals(Type.DOUBLE)) {
      known = arithmetic(b.op(), move(b.left()), move(b.right()));
    } else if (e instanceof Expr.Call c && c.receiver() == null) {
      known = known(c);
    }
    return known != null ? known : opaque(e);
  }

  /** {@code value}, unless {@code test} (the move of a test or an index) is not still. */
  private static Move unlessUndecided(Move test, Move value) {
    Move u = Move.undecided(test, value);
    if (u != null) {
      return u;
    }
    return test.still() ? value : Move.UNKNOWN;
  }

  /** NONE if none of {@code es} moves, else what is undecided or UNKNOWN. */
  private Move still(List<Expr> es) {
    Move[] ms = es.stream().map(this::move).toArray(Move[]::new);
    Move u = Move.undecided(ms);
    if (u != null) {
      return u;
    }
    for (Move m : ms) {
      if (!m.still()) {
        return Move.UNKNOWN;
      }
    }
    return Move.NONE;
  }

  /** Anything else: still if no child moves (an array passed to a call, not even by being zero). */
  private Move opaque(Expr e) {
    Move out = still(Exprs.children(e));
    if (out.still() && e instanceof Expr.Call c) {
      for (Expr a : Exprs.children(c)) {
        if (a.type().isArray() && !move(a).equals(Move.NONE)) {
          return Move.UNKNOWN;
        }
      }
    }
    return out;
  }

  /** The move of a call of Math or Nd whose move this class knows; null for any other. */
  private Move known(Expr.Call c) {
    boolean math = c.callee().kind() == Callee.Kind.MATH && c.callee().owner().equals(ClassRef.MATH);
    boolean nd = c.callee().kind() == Callee.Kind.ND && c.callee().owner().equals(ClassRef.ND);
    List<Expr> args = c.args();
    if (!math && !nd || args.isEmpty()) {
      return null;
    }
    Move a = move(args.get(0));
    String name = c.callee().name();
    if (nd && args.size() == 2 && arithmeticOf(name, a, move(args.get(1))) != null) {
      return arithmeticOf(name, a, move(args.get(1)));
    }
    Move rest = still(args.subList(1, args.size()));
    Move u = Move.undecided(a, rest);
    if (u != null) {
      return u;
    }
    if (args.size() == 1 && name.equals("exp")) {
      return a.kind() == Move.Kind.ADD ? Move.times(a.k()) : a.kind() == Move.Kind.ZERO ? Move.NONE : Move.UNKNOWN;
    }
    if (args.size() == 1 && name.equals("log")) {
      return a.kind() == Move.Kind.MUL ? Move.by(a.k()) : a.still() ? Move.NONE : Move.UNKNOWN;
    }
    if (!nd || !rest.still()) {
      return null;
    }
    return switch (name) {
      // A sum of terms that move by one factor moves by it; their mean moves as they do.
      case "sum", "streamSum" -> a.factor() != null || a.kind() == Move.Kind.ZERO ? a : Move.UNKNOWN;
      case "streamAverage", "col" -> a;
      case "negative" -> args.size() == 1 ? negate(a) : null;
      default -> null;
    };
  }

  /** Nd's elementwise {@code add}, {@code subtract}, {@code multiply}, {@code divide}; null for others. */
  private static Move arithmeticOf(String name, Move a, Move b) {
    BinaryOp op = switch (name) {
      case "add" -> BinaryOp.ADD;
      case "subtract" -> BinaryOp.SUB;
      case "multiply" -> BinaryOp.MUL;
      case "divide" -> BinaryOp.DIV;
      default -> null;
    };
    return op == null ? null : arithmetic(op, a, b);
  }

  /** The move of {@code a op b}; null for an operator that is not arithmetic. */
  private static Move arithmetic(BinaryOp op, Move a, Move b) {
    if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) {
      return null;
    }
    Move u = Move.undecided(a, b);
    if (u != null) {
      return u;
    }
    return switch (op) {
      case ADD, SUB -> {
        Move right = op == BinaryOp.SUB ? negate(b) : b;
        if (a.kind() == Move.Kind.ZERO || b.kind() == Move.Kind.ZERO) {
          yield a.kind() == Move.Kind.ZERO ? right : a;
        }
        if (a.kind() == Move.Kind.ADD && b.kind() == Move.Kind.ADD) {
          yield Move.by(a.k() + right.k());
        }
        // A sum (or difference) of two values scaled by one factor is scaled by it.
        yield a.factor() != null && a.factor().equals(b.factor()) ? Move.times(a.k()) : Move.UNKNOWN;
      }
      case MUL -> a.kind() == Move.Kind.ZERO || b.kind() == Move.Kind.ZERO ? Move.ZERO
          : a.factor() != null && b.factor() != null ? Move.times(a.factor() + b.factor()) : Move.UNKNOWN;
      default -> a.kind() == Move.Kind.ZERO && b.factor() != null ? Move.ZERO
          : a.factor() != null && b.factor() != null ? Move.times(a.factor() - b.factor()) : Move.UNKNOWN;
    };
  }

  private static Move negate(Move a) {
    return a.kind() == Move.Kind.ADD ? Move.by(-a.k()) : a;
  }
}
