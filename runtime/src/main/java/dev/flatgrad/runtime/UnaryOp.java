package dev.flatgrad.runtime;

/**
 * The elementwise functions, each a loop of its own over a range of two arrays: one shared loop
 * calling a {@code DoubleUnaryOperator} would pay an interface call per element (see {@link
 * BinaryOp}).
 */
enum UnaryOp {
  EXP(UnaryOp.TRANSCENDENTAL) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.exp(x[j]);
      }
    }
  },
  LOG(UnaryOp.TRANSCENDENTAL) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.log(x[j]);
      }
    }
  },
  SQRT(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.sqrt(x[j]);
      }
    }
  },
  SQUARE(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] * x[j];
      }
    }
  },
  ABS(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.abs(x[j]);
      }
    }
  },
  NEGATIVE(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = -x[j];
      }
    }
  },
  TANH(UnaryOp.TRANSCENDENTAL) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.tanh(x[j]);
      }
    }
  },
  SIGN(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.signum(x[j]);
      }
    }
  },
  SIGMOID(UnaryOp.TRANSCENDENTAL) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Nd.sigmoid(x[j]);
      }
    }
  },
  RELU(1) {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.max(0, x[j]);
      }
    }
  };

  /**
   * The cost of an entry of a function calling {@link Math#exp}, {@link Math#log} or {@link
   * Math#tanh}, in entries of the arithmetic ones: {@code Nd.exp} of 256×256 took 8.6 ns an entry
   * where {@code Nd.add} took 1.5 (best of 225 interleaved rounds, the allocation included).
   * (The constants name it qualified: a constant, but a simple name there is a forward reference.)
   */
  private static final int TRANSCENDENTAL = 8;

  /**
   * The work of an entry for {@link Parallel}'s thresholds, in entries of an addition: an {@code
   * exp} pays for a second thread from an eighth of the entries an {@code add} needs (two parts
   * of 8,192 entries of an {@code exp} took 0.76–0.94 of one part at 128² … 256² under load, of an
   * {@code add} 1.02–1.07; with this cost, {@code Nd.exp} of 181² and 256² took 0.94 and 0.64 of
   * the time it took unsplit).
   */
  final int cost;

  UnaryOp(int cost) {
    this.cost = cost;
  }

  /** {@code out[j] = f(x[j])} for j in [from, to). */
  abstract void apply(double[] x, double[] out, int from, int to);
}
