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
 * The products of a 10-class linear layer at the small softmax's shapes (N = 256, D = 100, C =
 * 10), where the output has fewer columns than a strip of the vector kernel: {@code X·W}
 * (scores), {@code Xᵀ·dscores} (dW) and {@code dscores·Wᵀ} (dX, a product of depth 10). Each is
 * 2·256·100·10 flops, below the threshold for threads. {@code addTransposeDot} is the weight
 * gradient as generated code computes it, added into an adjoint it holds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NarrowProductsBench {
  final double[][] x = Data.gaussian(41, 256, 100, 1.0);
  final double[][] w = Data.gaussian(42, 100, 10, 1.0);
  final double[][] dscores = Data.gaussian(43, 256, 10, 1.0);
  final double[][] dw = Data.gaussian(44, 100, 10, 1.0);

  @Benchmark
  public double[][] dot() {
    return Nd.dot(x, w);
  }

  @Benchmark
  public double[][] transposeDot() {
    return Nd.transposeDot(x, dscores);
  }

  @Benchmark
  public double[][] addTransposeDot() {
    return Nd.addTransposeDotInPlace(dw, x, dscores);
  }

  @Benchmark
  public double[][] dotTranspose() {
    return Nd.dotTranspose(dscores, w);
  }
}
