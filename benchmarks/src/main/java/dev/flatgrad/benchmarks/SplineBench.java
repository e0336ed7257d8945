package dev.flatgrad.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The user-style workload of issue 13: a spline fit over 2,000 points whose loss calls a
 * {@code @Differentiable} spline evaluation in its loop, at 5, 50 and 500 segments.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SplineBench {
  static final int POINTS = 2000;

  @Param({"5", "50", "500"})
  public int segments;

  double[] c;
  double[] t;
  double[] y;

  @Setup
  public void setup() {
    c = Data.gaussian(51, 4 * segments, 0.5);
    Random random = new Random(52);
    t = new double[POINTS];
    y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      t[i] = random.nextDouble();
      y[i] = Math.sin(6 * t[i]) + 0.1 * random.nextGaussian();
    }
  }

  @Benchmark
  public double forward() {
    return Splines.fitLoss(c, t, y);
  }

  @Benchmark
  public SplinesGrad.FitLoss generated() {
    return SplinesGrad.fitLoss(c, t, y);
  }

  @Benchmark
  public SplinesHand.Fit handWritten() {
    return SplinesHand.fitLoss(c, t, y);
  }
}
