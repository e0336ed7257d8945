package dev.flatgrad.benchmarks;

import dev.flatgrad.runtime.Nd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix products of the two-layer net: {@code X·W1} (forward), {@code Xᵀ·dh1} (dW1) and
 * {@code dh1·W1ᵀ} (dX), each 2·256·3072·100 flops. The report turns ns/op into GFLOP/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DotBench {
  final double[][] x = Data.gaussian(41, 256, 3072, 1.0);
  final double[][] w = Data.gaussian(42, 3072, 100, 1.0);
  final double[][] dy = Data.gaussian(43, 256, 100, 1.0);

  @Benchmark
  public double[][] dot() {
    return Nd.dot(x, w);
  }

  @Benchmark
  public double[][] transposeDot() {
    return Nd.transposeDot(x, dy);
  }

  @Benchmark
  public double[][] dotTranspose() {
    return Nd.dotTranspose(dy, w);
  }
}
