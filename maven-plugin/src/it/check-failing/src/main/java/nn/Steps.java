package nn;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.Differentiable;

public final class Steps {
  private Steps() {}

  /** Smooth: passes. */
  @Differentiable
  @CheckInputs("x: in [-2, 2)")
  public static double smooth(double x) {
    return Math.sin(x) * x;
  }

  /**
   * A step at 0, checked exactly there: the branch's derivative (2) is not the slope across the
   * jump, so the numeric check must disagree with the generated gradient.
   */
  @Differentiable
  @CheckInputs("x: 0")
  public static double step(double x) {
    if (x > 0) {
      return 2 * x + 1;
    }
    return 2 * x;
  }
}
