package dev.flatgrad.processor.language;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.Random;

/**
 * Points for the tests of records of parameters: Gaussian entries drawn from a seed, drawn afresh
 * for each test ({@link #reseed}) so that its points do not depend on which tests ran before, and
 * records of a compiled class built through their canonical constructor.
 */
final class RecordPoints {

  private final long seed;
  private Random random;

  RecordPoints(long seed) {
    this.seed = seed;
    reseed();
  }

  void reseed() {
    random = new Random(seed);
  }

  double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = 0.5 * random.nextGaussian();
      }
    }
    return m;
  }

  double[] vector(int n) {
    return matrix(1, n)[0];
  }

  /** A record (or class) {@code name} of {@code l}, built of {@code components}. */
  static Object make(Loaded l, String name, Object... components) throws Exception {
    var constructor = l.loadClass(name).getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    return constructor.newInstance(components);
  }
}
