package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The values an int or long expression of a loop header can take, or nothing when computing it
 * may wrap: the backward replay of a counting loop starts at a last index ({@code n - 1}) and
 * steps past its first one, neither of which may overflow where the forward loop did not.
 */
final class CounterRanges {

  /** Inclusive bounds. */
  record Range(BigInteger lo, BigInteger hi) {}

  /** The JVM allocates no array (nor String) longer than this. */
  private static final BigInteger MAX_LENGTH = BigInteger.valueOf(Integer.MAX_VALUE - 2);

  private CounterRanges() {}

  /** Whether computing {@code e} cannot wrap around. */
  static boolean cannotWrap(Expr e) {
    return range(e).isPresent();
  }

  static Optional<Range> range(Expr e) {
    Type type = e.type().promoted();
    if (!type.equals(Type.INT) && !type.equals(Type.LONG)) {
      return Optional.empty();
    }
    if (e instanceof Expr.Const c) {
      BigInteger v = BigInteger.valueOf((long) c.value());
      return Optional.of(new Range(v, v));
    }
    if (e instanceof Expr.Length || e instanceof Expr.Call c && c.args().isEmpty() && c.callee().name().equals("length")
        && c.callee().owner().packageName().equals("java.lang") && c.callee().owner().simpleName().equals("String")) {
      return Optional.of(new Range(BigInteger.ZERO, MAX_LENGTH));
    }
    if (e instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB || b.op() == BinaryOp.MUL)) {
      Optional<Range> l = range(b.left());
      Optional<Range> r = range(b.right());
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
      Optional<Range> l = range(c.args().get(0));
      Optional<Range> r = range(c.args().get(1));
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
    if (e instanceof Expr.Ref || e instanceof Expr.Call || e instanceof Expr.Index || e instanceof Expr.FieldRef) {
      return Optional.of(whole(type)); // read, not computed: any value, none wrapped
    }
    return Optional.empty();
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

  private static boolean fits(BigInteger v, Type type) {
    Range w = whole(type);
    return v.compareTo(w.lo()) >= 0 && v.compareTo(w.hi()) <= 0;
  }

  private static Range whole(Type type) {
    return type.promoted().equals(Type.LONG)
        ? new Range(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))
        : new Range(BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
  }
}
