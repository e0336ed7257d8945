package dev.flatgrad.processor.property;

import java.util.function.DoubleUnaryOperator;

/**
 * Whether a method's value jumps right next to a point along a probe, where no difference quotient
 * can judge its gradient: a comparison decided by rounding ({@code a > Nd.mean(Nd.broadcast(new
 * double[] {a}, v))}, the mean of copies of {@code a} being {@code a} give or take an ulp) takes
 * either branch at points an ulp apart, so every step, however small, crosses jumps.
 *
 * <p>It compares the second differences {@code f(x+s) - 2 f(x) + f(x-s)} at {@code s = h} and
 * {@code h / 10}. A jump of size J within {@code h / 10} of x puts J (or 2J) in both: the finer
 * is not smaller. Where f is smooth (four times differentiable over the probe's reach) each is
 * {@code f''(x) s^2 + O(f'''' s^4)}: the finer is a hundredth of the wider (a kink's a tenth at
 * most). The finer is both above a tenth of the wider and above {@link #NOISE} of the value only
 * where the fourth derivative along the probe exceeds 1e18 times the value, or the value's
 * rounding exceeds {@link #NOISE} of it. So a smooth program is never judged to jump, and its
 * gradient is checked as before: a wrong one still fails.
 */
final class ValueJumps {

  /** How much of the value's magnitude a second difference may be of rounding alone (far above a program's ulps). */
  static final double NOISE = 1e-9;

  private ValueJumps() {}

  /** Whether {@code f} (the value at {@code t} along the probe) jumps within 1e-7, 1e-8 or 1e-9 of 0. */
  static boolean nextTo(DoubleUnaryOperator f) {
    double at = f.applyAsDouble(0);
    for (double h = 1e-6; h >= 1e-8; h /= 10) {
      if (within(f, at, h)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the second difference at {@code h / 10} is above the noise and more than a tenth of that at {@code h}. */
  private static boolean within(DoubleUnaryOperator f, double at, double h) {
    double[] wide = {f.applyAsDouble(h), f.applyAsDouble(-h)};
    double[] fine = {f.applyAsDouble(h / 10), f.applyAsDouble(-h / 10)};
    double wider = Math.abs(wide[0] - 2 * at + wide[1]);
    double finer = Math.abs(fine[0] - 2 * at + fine[1]);
    double largest = Math.max(Math.abs(at), Math.max(Math.max(Math.abs(wide[0]), Math.abs(wide[1])),
        Math.max(Math.abs(fine[0]), Math.abs(fine[1]))));
    return finer > NOISE * largest && finer > wider / 10;
  }
}
