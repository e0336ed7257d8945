package nn;

import dev.flatgrad.annotations.Differentiable;

public final class Pick {
  private Pick() {}

  @Differentiable
  public static double pick(double x, int k) {
    switch (k) {
      case 0:
        x = -x;
      default:
        return 2 * x;
    }
  }
}
