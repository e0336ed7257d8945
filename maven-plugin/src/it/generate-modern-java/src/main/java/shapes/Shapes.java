package shapes;

import dev.flatgrad.annotations.CheckInputs;
import dev.flatgrad.annotations.Differentiable;

public final class Shapes {
  private Shapes() {}

  sealed interface Shape permits Circle, Square {}

  record Circle(double r) implements Shape {}

  record Square(double side) implements Shape {}

  private static final double[] WEIGHTS = {0.5, 1.5, 2.0};

  static double area(Shape s) {
    if (s instanceof Circle c) {
      return Math.PI * c.r() * c.r();
    }
    return s instanceof Square q ? q.side() * q.side() : 0.0;
  }

  static String describe(int sides) {
    return switch (sides) {
      case 0 -> """
          round
          """.strip();
      case 4 -> "square";
      default -> "other";
    };
  }

  /** The largest weighted finite entry, smoothed: a log-sum-exp over the entries. */
  @Differentiable
  @CheckInputs({"x: 3", "sharpness: 2.0"})
  static double softMax(double[] x, double sharpness) {
    var best = Double.NEGATIVE_INFINITY;
    var i = 0;
    for (var v : x) {
      var weighted = WEIGHTS[i] * v;
      if (!Double.isNaN(weighted) && weighted > best) {
        best = weighted;
      }
      i++;
    }
    var sum = 0.0;
    i = 0;
    for (var v : x) {
      sum += Math.exp(sharpness * (WEIGHTS[i] * v - best));
      i++;
    }
    return best + Math.log(sum) / sharpness;
  }
}
