package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The values an int, long or char expression of a loop header can take, or nothing when computing
 * it may wrap: the backward replay of a counting loop starts at a last index ({@code n - 1}) and
 * steps past its first one, neither of which may overflow where the forward loop did not. A
 * variable holds what lowering proved of it ({@link LocalRanges}), else anything its type holds.
 */
final class CounterRanges {

  /** Inclusive bounds. */
  record Range(BigInteger lo, BigInteger hi) {

    static Range of(Variable.Bounds b) {
      return new Range(BigInteger.valueOf(b.lo()), BigInteger.valueOf(b.hi()));
    }

    Variable.Bounds bounds() {
      return new Variable.Bounds(lo.longValueExact(), hi.longValueExact());
    }
  }

  /** The JVM allocates no array (nor String) longer than this. */
  private static final BigInteger MAX_LENGTH = BigInteger.valueOf(Integer.MAX_VALUE - 2);

  /** Beyond this a double, the IR's constants, no longer holds every long. */
  private static final double EXACT = 0x1p53;

  private CounterRanges() {}

  /**
   * Whether the backward loop of a counting loop over a {@code counter} from {@code from} to
   * {@code last}, {@code step} at a time ({@code for (i = last; i >= from; i -= step)} for a
   * positive one), runs as the forward loop's trips did: {@code last} computed without wrapping and
   * held by the counter, and the step past {@code from} that ends it ({@code from - step}) not
   * wrapping round to the other end of the counter's type, where the test would still hold.
   */
  static boolean replaysBack(Expr from, Expr bound, Expr last, int step, Type counter) {
    // The forward loop computed from and its bound as written, wrapped or not: so does the backward one.
    Set<Expr> asWritten = new HashSet<>(List.of(from, bound)); // for (int i = 0; i < 0; i++): one
    Optional<Range> f = range(from, asWritten);
    Optional<Range> l = range(last, asWritten);
    if (f.isEmpty() || l.isEmpty() || !fits(l.get().lo(), counter) || !fits(l.get().hi(), counter)) {
      return false;
    }
    BigInteger past = step > 0 ? f.get().lo().subtract(BigInteger.valueOf(step)) : f.get().hi().subtract(BigInteger.valueOf(step));
    return fits(past, counter);
  }

  static Optional<Range> range(Expr e) {
    return range(e, Set.of());
  }

  /**
   * The values of {@code e}, empty when it may wrap; an expression of {@code asWritten} is the
   * value Java gives it, wrapped or not: any of its type if it may wrap.
   */
  private static Optional<Range> range(Expr e, Set<Expr> asWritten) {
    Type type = e.type().promoted();
    if (!type.equals(Type.INT) && !type.equals(Type.LONG)) {
      return Optional.empty();
    }
    if (asWritten.contains(e)) {
      return Optional.of(range(e, Set.of()).orElse(whole(e.type())));
    }
    if (e instanceof Expr.Const c) {
      return Optional.of(constant(c.value()));
    }
    if (e instanceof Expr.Ref r && r.var().bounds().isPresent()) {
      return Optional.of(Range.of(r.var().bounds().get()));
    }
    if (e instanceof Expr.Length || e instanceof Expr.Call c && c.args().isEmpty() && c.callee().name().equals("length")
        && c.callee().owner().packageName().equals("java.lang") && c.callee().owner().simpleName().equals("String")) {
      return Optional.of(new Range(BigInteger.ZERO, MAX_LENGTH));
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB || b.op() == BinaryOp.MUL)) {
      Optional<Range> l = range(b.left(), asWritten);
      Optional<Range> r = range(b.right(), asWritten);
      if (l.isEmpty() || r.isEmpty()) {
        return Optional.empty();
      }
      return within(switch (b.op()) {
        case ADD -> new Range(l.get().lo().add(r.get().lo()), l.get().hi().add(r.get().hi()));
        case SUB -> new Range(l.get().lo().subtract(r.get().hi()), l.get().hi().subtract(r.get().lo()));
        default -> product(l.get(), r.get());
      }, type);
    }
    if (e instanceof Expr.Call c && c.callee().owner().equals(ClassRef.MATH) && c.args().size() == 2) {
      Optional<Range> l = range(c.args().get(0), asWritten);
      Optional<Range> r = range(c.args().get(1), asWritten);
      if (l.isEmpty() || r.isEmpty()) {
        return Optional.empty();
      }
      return switch (c.callee().name()) {
        case "max" -> Optional.of(new Range(l.get().lo().max(r.get().lo()), l.get().hi().max(r.get().hi())));
        case "min" -> Optional.of(new Range(l.get().lo().min(r.get().lo()), l.get().hi().min(r.get().hi())));
        case "floorDiv" -> r.get().lo().equals(r.get().hi()) && r.get().lo().signum() > 0
            ? Optional.of(new Range(floorDiv(l.get().lo(), r.get().lo()), floorDiv(l.get().hi(), r.get().lo())))
            : Optional.empty();
        default -> Optional.of(whole(type));
      };
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
      Optional<Range> l = range(b.left(), asWritten);
      Optional<Range> r = range(b.right(), asWritten);
      if (l.isEmpty() || r.isEmpty() || !r.get().lo().equals(r.get().hi()) || r.get().lo().signum() <= 0) {
        return Optional.empty();
      }
      return Optional.of(b.op() == BinaryOp.DIV ? quotient(l.get(), r.get().lo()) : remainder(l.get(), r.get().lo()));
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return range(u.operand(), asWritten).flatMap(r -> within(new Range(r.hi().negate(), r.lo().negate()), type));
    }
    if (e instanceof Expr.Cast c) {
      // A narrowing cast wraps as Java says it does: what it gives is still some value of its type.
      return Optional.of(range(c.operand(), asWritten).flatMap(r -> within(r, c.type())).orElse(whole(c.type())));
    }
    if (e instanceof Expr.Ref || e instanceof Expr.Call || e instanceof Expr.Index || e instanceof Expr.FieldRef) {
      return Optional.of(whole(e.type())); // read, not computed: any value, none wrapped
    }
    return Optional.empty();
  }

  /** A constant's value, or the longs around it where a double cannot tell neighbouring ones apart. */
  private static Range constant(double v) {
    if (Math.abs(v) < EXACT) {
      BigInteger exact = BigInteger.valueOf((long) v);
      return new Range(exact, exact);
    }
    BigDecimal near = new BigDecimal(v);
    BigDecimal ulp = new BigDecimal(Math.ulp(v));
    Range longs = whole(Type.LONG);
    return new Range(near.subtract(ulp).toBigInteger().max(longs.lo()), near.add(ulp).toBigInteger().min(longs.hi()));
  }

  /** {@code e / k} for a positive constant {@code k}: Java rounds towards zero, which keeps the order. */
  private static Range quotient(Range e, BigInteger k) {
    return new Range(e.lo().divide(k), e.hi().divide(k));
  }

  /** {@code e % k} for a positive constant {@code k}: below k in size, with the sign of {@code e}. */
  private static Range remainder(Range e, BigInteger k) {
    BigInteger most = k.subtract(BigInteger.ONE);
    BigInteger lo = e.lo().signum() >= 0 ? BigInteger.ZERO : most.negate().max(e.lo());
    BigInteger hi = e.hi().signum() <= 0 ? BigInteger.ZERO : most.min(e.hi());
    return new Range(lo, hi);
  }

  private static Range product(Range a, Range b) {
    BigInteger[] corners = {a.lo().multiply(b.lo()), a.lo().multiply(b.hi()), a.hi().multiply(b.lo()), a.hi().multiply(b.hi())};
    BigInteger lo = corners[0];
    BigInteger hi = corners[0];
    for (BigInteger c : corners) {
      lo = lo.min(c);
      hi = hi.max(c);
    }
    return new Range(lo, hi);
  }

  private static BigInteger floorDiv(BigInteger a, BigInteger k) {
    BigInteger[] qr = a.divideAndRemainder(k);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private static Optional<Range> within(Range r, Type type) {
    return fits(r.lo(), type) && fits(r.hi(), type) ? Optional.of(r) : Optional.empty();
  }

  static boolean fits(BigInteger v, Type type) {
    Range w = whole(type);
    return v.compareTo(w.lo()) >= 0 && v.compareTo(w.hi()) <= 0;
  }

  /** Every value of an int, a long or a char. */
  static Range whole(Type type) {
    if (type.equals(Type.LONG)) {
      return new Range(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
    }
    if (type.equals(Type.CHAR)) {
      return new Range(BigInteger.ZERO, BigInteger.valueOf(Character.MAX_VALUE));
    }
    return new Range(BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
  }
}
