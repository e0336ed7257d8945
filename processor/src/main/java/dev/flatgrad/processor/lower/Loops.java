package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises counting loops, {@code for (int i = a; i < b; i++)} in all its spellings ({@code
 * ++i}, {@code i += k} and {@code i = i + k} for a constant {@code k}, counting down with {@code
 * i--}, {@code --i} or {@code i -= k}; tests {@code <}, {@code <=}, {@code >}, {@code >=}, and
 * {@code !=} for steps of one, either way round, of the index or the index plus a constant, as in
 * {@code i + 1 < n}), whose iterations can be replayed backwards by
 * counting the other way instead of recording anything.
 */
public final class Loops {

  private Loops() {}

  /**
   * A counting loop: index from {@code from} to {@code last} inclusive, {@code step} at a time.
   *
   * @param step the signed step: positive when counting up
   * @param hasBreak whether a break can end it early (then the trip count is recorded)
   * @param byIndex whether the backward loop can count its index back from {@code last} past
   *     {@code from}; else ({@code from} may be within a step of the end of its type, where that
   *     step wraps round, or {@code last} may wrap) the trip count is recorded and each trip's index
   *     computed from it
   */
  public record Counting(Variable index, Expr from, Expr last, int step, boolean hasBreak, boolean byIndex) {
    public boolean ascending() {
      return step > 0;
    }

    /** Whether the forward loop counts its trips for the backward one. */
    public boolean recordsTrips() {
      return hasBreak || !byIndex;
    }
  }

  public static Optional<Counting> counting(Stmt.Loop l) {
    if (l.kind() != Stmt.LoopKind.FOR || l.init().size() != 1 || l.update().size() != 1) {
      return Optional.empty();
    }
    if (!(l.init().get(0) instanceof Stmt.Assign init)
        || !init.declares()
        || init.compound() != null
        || !counts(init.target().type())) {
      return Optional.empty();
    }
    Variable i = init.target();
    Optional<Integer> found = step(l.update().get(0), i);
    if (found.isEmpty() || !(l.cond() instanceof Expr.Binary test)) {
      return Optional.empty();
    }
    int step = found.get();
    BinaryOp op = test.op();
    Expr bound;
    Optional<Integer> offset = offset(test.left(), i);
    if (offset.isPresent()) {
      bound = test.right();
    } else {
      offset = offset(test.right(), i);
      if (offset.isEmpty()) {
        return Optional.empty();
      }
      bound = test.left();
      op = mirror(op);
    }
    // A long counter's bound may be an int or a long; an int or char counter's is an int.
    if (!counts(bound.type()) || bound.type().equals(Type.LONG) && !i.type().equals(Type.LONG) || Exprs.reads(bound, i) || !Exprs.isRepeatable(bound)
        || !Exprs.isRepeatable(init.value())) {
      return Optional.empty();
    }
    List<Stmt> body = l.body().stmts();
    if (Stmts.assigned(body).contains(i) || changes(body, bound) || changes(body, init.value())) {
      return Optional.empty();
    }
    Expr from = init.value();
    Expr limit = shifted(bound, -offset.get());
    Expr last = last(from, op, limit, step);
    if (last == null) {
      return Optional.empty();
    }
    if (!CounterRanges.replaysBack(from, bound, last, step, i.type())) {
      // n - 1 wraps for n == MIN_VALUE: a limit clamped at the start makes the same trips, none then.
      boolean strict = op == BinaryOp.LT || op == BinaryOp.GT || op == BinaryOp.NE;
      Expr start = strict ? from : shifted(from, step > 0 ? -1 : 1);
      last = last(from, op, clamped(limit, start, step > 0), step);
    }
    // Else the backward loop could wrap round (i -= 3 past MIN_VALUE + 1) and never stop.
    boolean byIndex = CounterRanges.replaysBack(from, bound, last, step, i.type());
    return Optional.of(new Counting(i, from, last, step, containsBreak(body), byIndex));
  }

  /**
   * The last index of the loop from {@code from} while {@code i op bound}, {@code step} at a time
   * (before {@code from} when it makes no trip), or null if the loop does not count that way.
   */
  private static Expr last(Expr from, BinaryOp op, Expr bound, int step) {
    int k = Math.abs(step);
    if (op == BinaryOp.NE && k != 1) {
      return null;
    }
    if (step > 0) {
      return switch (op) {
        case LT, NE -> alignedDown(from, minus(bound, 1), k);
        case LE -> alignedDown(from, bound, k);
        default -> null;
      };
    }
    return switch (op) {
      case GT, NE -> alignedUp(from, plus(bound, 1), k);
      case GE -> alignedUp(from, bound, k);
      default -> null;
    };
  }

  /** {@code Math.max(limit, start)} counting up ({@code Math.min} down): no trip still when the limit is past the start. */
  private static Expr clamped(Expr limit, Expr start, boolean up) {
    Type t = arithmetic(limit, start);
    Callee clamp = new Callee(ClassRef.MATH, up ? "max" : "min", List.of(t, t), t, Callee.Kind.MATH);
    return new Expr.Call(null, clamp, List.of(limit, start), Pos.NONE);
  }

  /** The largest {@code from + n * k <= limit}: {@code limit} itself for steps of one. */
  private static Expr alignedDown(Expr from, Expr limit, int k) {
    if (k == 1) {
      return limit;
    }
    Expr trips = floorDiv(Simplifier.simplify(new Expr.Binary(BinaryOp.SUB, limit, from, arithmetic(limit, from))), k);
    return Simplifier.simplify(new Expr.Binary(BinaryOp.ADD, from, times(trips, k), arithmetic(from, trips)));
  }

  /** The smallest {@code from - n * k >= limit}. */
  private static Expr alignedUp(Expr from, Expr limit, int k) {
    if (k == 1) {
      return limit;
    }
    Expr trips = floorDiv(Simplifier.simplify(new Expr.Binary(BinaryOp.SUB, from, limit, arithmetic(from, limit))), k);
    return Simplifier.simplify(new Expr.Binary(BinaryOp.SUB, from, times(trips, k), arithmetic(from, trips)));
  }

  /** {@code Math.floorDiv(e, k)}: rounds down also when {@code e} is negative (no trips). */
  private static Expr floorDiv(Expr e, int k) {
    Type t = e.type().promoted();
    Callee floorDiv = new Callee(ClassRef.MATH, "floorDiv", List.of(t, Type.INT), t, Callee.Kind.MATH);
    return new Expr.Call(null, floorDiv, List.of(e, Expr.Const.ofInt(k)), Pos.NONE);
  }

  private static Expr times(Expr e, int k) {
    return new Expr.Binary(BinaryOp.MUL, e, Expr.Const.ofInt(k), e.type().promoted());
  }

  /** Whether a counter (or bound) of this type counts: an int, a char, a long. */
  private static boolean counts(Type type) {
    return type.promoted().equals(Type.INT) || type.equals(Type.LONG);
  }

  /**
   * Whether an element at {@code indices}, inside the counting loops {@code nest} (each {@link
   * #counting}), is another element on every trip of them: each loop has an index position that
   * is an injective function of its counter ({@code i}, {@code i + c}, {@code c - i}, {@code -i},
   * sums and differences of those with values the loop does not change). Two trips of a loop then
   * name two elements, and, the outer loops' positions fixed, so do two trips of an inner one.
   */
  public static boolean distinctPerTrip(List<Expr> indices, List<Stmt.Loop> nest) {
    for (Stmt.Loop loop : nest) {
      Variable counter = counting(loop).orElseThrow().index();
      List<Stmt> changing = new ArrayList<>(loop.body().stmts());
      changing.addAll(loop.update());
      if (indices.stream().noneMatch(i -> injective(i, counter, changing))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code e} takes a different value for each value of {@code counter}, all else in it
   * unchanged by {@code changing} (int arithmetic wraps, so adding a fixed value is one to one).
   */
  private static boolean injective(Expr e, Variable counter, List<Stmt> changing) {
    if (e instanceof Expr.Ref r) {
      return r.var() == counter;
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return injective(u.operand(), counter, changing);
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      return injective(b.left(), counter, changing) && invariant(b.right(), counter, changing)
          || invariant(b.left(), counter, changing) && injective(b.right(), counter, changing);
    }
    return false;
  }

  /** Whether {@code e} is the same on every trip: no counter, no call, nothing the trips change. */
  private static boolean invariant(Expr e, Variable counter, List<Stmt> changing) {
    boolean[] call = {false};
    Exprs.walk(e, x -> call[0] |= x instanceof Expr.Call);
    return !call[0] && !Exprs.reads(e, counter) && !changes(changing, e);
  }

  /**
   * Whether the statements can change the value of {@code e}: a variable it reads is assigned,
   * or an array whose elements it reads is written. {@code a.length} changes only when {@code a}
   * itself is assigned (or, for a row {@code m[r].length}, when a row of {@code m} is).
   */
  public static boolean changes(List<Stmt> stmts, Expr e) {
    Set<Variable> assigned = new HashSet<>();
    Set<Variable> elementsWritten = new HashSet<>();
    Set<Variable> rowsWritten = new HashSet<>();
    for (Stmt s : stmts) {
      Stmts.walk(s, x -> {
        if (x instanceof Stmt.Assign a) {
          assigned.add(a.target());
        } else if (x instanceof Stmt.Store st) {
          elementsWritten.add(st.array());
          if (st.indices().size() < st.array().type().rank()) {
            rowsWritten.add(st.array());
          }
        }
      });
    }
    return changes(e, assigned, elementsWritten, rowsWritten);
  }

  private static boolean changes(Expr e, Set<Variable> assigned, Set<Variable> elements, Set<Variable> rows) {
    if (e instanceof Expr.Length l) {
      Expr array = l.array();
      Set<Variable> shapeChanging = assigned;
      if (array instanceof Expr.Index) {
        shapeChanging = new HashSet<>(assigned);
        shapeChanging.addAll(rows);
      }
      for (Variable v : Exprs.reads(array)) {
        if (shapeChanging.contains(v)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return assigned.contains(r.var()) || elements.contains(r.var());
    }
    for (Expr c : Exprs.children(e)) {
      if (changes(c, assigned, elements, rows)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The constant {@code c} when {@code e} is the index plus a constant ({@code i}, {@code i + c},
   * {@code c + i} or {@code i - c}): the test {@code i + 1 < n} counts as {@code i < n - 1}.
   */
  private static Optional<Integer> offset(Expr e, Variable i) {
    if (e instanceof Expr.Ref r && r.var() == i) {
      return Optional.of(0);
    }
    if (!(e instanceof Expr.Binary b) || !(b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      return Optional.empty();
    }
    Optional<Integer> right = smallInt(b.right());
    if (b.left() instanceof Expr.Ref r && r.var() == i && right.isPresent()) {
      return Optional.of(b.op() == BinaryOp.ADD ? right.get() : -right.get());
    }
    Optional<Integer> left = smallInt(b.left());
    if (b.op() == BinaryOp.ADD && b.right() instanceof Expr.Ref r && r.var() == i && left.isPresent()) {
      return left;
    }
    return Optional.empty();
  }

  /** An {@code int} literal small enough that moving it across a comparison cannot overflow. */
  private static Optional<Integer> smallInt(Expr e) {
    if (e instanceof Expr.Const c && c.type().equals(Type.INT) && Math.abs(c.value()) <= 1 << 20) {
      return Optional.of((int) c.value());
    }
    return Optional.empty();
  }

  /** The comparison with its sides swapped: {@code a < b} is {@code b > a}. */
  static BinaryOp mirror(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GT;
      case LE -> BinaryOp.GE;
      case GT -> BinaryOp.LT;
      case GE -> BinaryOp.LE;
      default -> op;
    };
  }

  /** The signed constant step of an update {@code i += k}, {@code i -= k}, {@code i = i + k}, {@code i = k + i}, {@code i = i - k}. */
  private static Optional<Integer> step(Stmt s, Variable i) {
    if (!(s instanceof Stmt.Assign a) || a.target() != i) {
      return Optional.empty();
    }
    BinaryOp op;
    Expr amount;
    if (a.compound() != null) {
      op = a.compound();
      amount = a.value();
    } else if (a.value() instanceof Expr.Binary b && b.left() instanceof Expr.Ref r && r.var() == i) {
      op = b.op();
      amount = b.right();
    } else if (a.value() instanceof Expr.Binary b && b.op() == BinaryOp.ADD
        && b.right() instanceof Expr.Ref r && r.var() == i) {
      op = b.op();
      amount = b.left();
    } else {
      return Optional.empty();
    }
    Optional<Integer> constant = smallInt(amount);
    if (constant.isEmpty() || constant.get() == 0) {
      return Optional.empty();
    }
    int k = constant.get();
    return switch (op) {
      case ADD -> Optional.of(k);
      case SUB -> Optional.of(-k);
      default -> Optional.empty();
    };
  }

  private static Expr shifted(Expr e, int k) {
    return k == 0 ? e : k > 0 ? plus(e, k) : minus(e, -k);
  }

  private static Expr minus(Expr e, int k) {
    return Simplifier.simplify(new Expr.Binary(BinaryOp.SUB, e, Expr.Const.ofInt(k), e.type().promoted()));
  }

  private static Expr plus(Expr e, int k) {
    return Simplifier.simplify(new Expr.Binary(BinaryOp.ADD, e, Expr.Const.ofInt(k), e.type().promoted()));
  }

  /** The type of arithmetic on these two, as Java does it: long if either is a long, else int (an int bound's stays int). */
  private static Type arithmetic(Expr a, Expr b) {
    return a.type().equals(Type.LONG) || b.type().equals(Type.LONG) ? Type.LONG : Type.INT;
  }

  /** Whether a break in these statements (not in a nested loop) leaves the loop they belong to. */
  public static boolean containsBreak(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Break) {
        return true;
      }
      if (s instanceof Stmt.If f && (containsBreak(f.then().stmts()) || containsBreak(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }
}
