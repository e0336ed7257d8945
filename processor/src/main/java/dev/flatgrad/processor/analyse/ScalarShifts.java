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

  private ScalarShifts(Variable shift) {
    this.shift = shift;
  }

  /** The method with each max that provably cannot change its result computed without a gradient. */
  static IrMethod apply(IrMethod m) {
    for (Variable max : candidates(m)) {
      Block within = blockDeclaring(m.body(), max);
      if (within != null && readOnlyOnceComplete(m, within, max) && new ScalarShifts(max).cannotMove(m, within)) {
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

  /**
   * Whether nothing that outlives {@code block} moves with the shift: the moves of all variables
   * found to a fixed point, then every test, index and result checked.
   */
  private boolean cannotMove(IrMethod m, Block block) {
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

  /** The statements with each max assigned to {@code max} computed without a gradient. */
  private static List<Stmt> detach(List<Stmt> code, Variable max) {
    List<Stmt> out = Stmts.withNestedBlocks(code, inner -> detach(inner, max));
    out.replaceAll(s -> s instanceof Stmt.Assign a && a.target() == max && isMax(a)
        ? new Stmt.Assign(max, null, StabilisingShifts.withoutGradient((Expr.Call) a.value()), a.declares(), a.pos())
        : s);
    return out;
  }
}
