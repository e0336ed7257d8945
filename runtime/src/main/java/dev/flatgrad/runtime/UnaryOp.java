package dev.flatgrad.runtime;

/**
 * The elementwise functions, each a loop of its own over a range of two arrays: one shared loop
 * calling a {@code DoubleUnaryOperator} would pay an interface call per element (see {@link
 * BinaryOp}).
 */
enum UnaryOp {
  EXP {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.exp(x[j]);
      }
    }
  },
  LOG {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.log(x[j]);
      }
    }
  },
  SQRT {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.sqrt(x[j]);
      }
    }
  },
  SQUARE {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] * x[j];
      }
    }
  },
  ABS {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.abs(x[j]);
      }
    }
  },
  NEGATIVE {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = -x[j];
      }
    }
  },
  TANH {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.tanh(x[j]);
      }
    }
  },
  SIGN {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.signum(x[j]);
      }
    }
  },
  SIGMOID {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Nd.sigmoid(x[j]);
      }
    }
  },
  RELU {
    @Override
    void apply(double[] x, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.max(0, x[j]);
      }
    }
  };

  /** {@code out[j] = f(x[j])} for j in [from, to). */
  abstract void apply(double[] x, double[] out, int from, int to);
}
