package dev.flatgrad.runtime;

import java.util.Locale;
import java.util.Random;

/**
 * A rough single-threaded throughput print for the matrix products at the shapes of the
 * two-layer-net exercise (batch 256, D = 3072, H = 100). Not a test and asserts nothing: timings
 * belong in JMH benchmarks, this is for a quick look. Run after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes dev.flatgrad.runtime.DotBenchmark
 * </pre>
 */
public final class DotBenchmark {
  private DotBenchmark() {}

  /** Prints the best of 30 runs of each product, after warm-up, in GFLOP/s. */
  public static void main(String[] args) {
    Random random = new Random(1);
    double[][] x = gaussian(random, 256, 3072);
    double[][] w = gaussian(random, 3072, 100);
    double[][] dy = gaussian(random, 256, 100);
    for (int round = 0; round < 2; round++) {
      time("dot(x, w)             256x3072 . 3072x100", () -> Nd.dot(x, w));
      time("transposeDot(x, dy)   3072x256 . 256x100", () -> Nd.transposeDot(x, dy));
      time("dotTranspose(dy, w)   256x100 . 100x3072", () -> Nd.dotTranspose(dy, w));
    }
  }

  private static void time(String what, java.util.function.Supplier<double[][]> product) {
    double flops = 2.0 * 256 * 3072 * 100;
    long best = Long.MAX_VALUE;
    double checksum = 0;
    for (int run = 0; run < 30; run++) {
      long start = System.nanoTime();
      checksum += product.get()[0][0];
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf(
        Locale.ROOT, "%-42s %6.2f GFLOP/s  (%.1f ms, checksum %.3f)%n",
        what, flops / best, best / 1e6, checksum);
  }

  private static double[][] gaussian(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }
}
