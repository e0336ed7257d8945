package dev.flatgrad.runtime;

/**
 * The binary elementwise operations, each a loop of its own over a range of three arrays.
 *
 * <p>Why not one loop taking a {@code DoubleBinaryOperator}: that loop is shared by every
 * operation, so the JIT sees many lambdas at its call site, cannot inline any, and pays an
 * interface call per element (three to eight times the cost of the arithmetic on small arrays,
 * measured on the 256×100×10 softmax classifier). A loop per constant is compiled with its own
 * formula inlined and vectorised where the CPU allows.
 */
enum BinaryOp {
  ADD {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] + y[j];
      }
    }
  },
  SUBTRACT {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] - y[j];
      }
    }
  },
  MULTIPLY {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] * y[j];
      }
    }
  },
  DIVIDE {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] / y[j];
      }
    }
  },
  MAXIMUM {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.max(x[j], y[j]);
      }
    }
  },
  MINIMUM {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.min(x[j], y[j]);
      }
    }
  },
  GREATER {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] > y[j] ? 1 : 0;
      }
    }
  },
  GREATER_EQUAL {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] >= y[j] ? 1 : 0;
      }
    }
  },
  LESS {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] < y[j] ? 1 : 0;
      }
    }
  },
  LESS_EQUAL {
    @Override
    void apply(double[] x, double[] y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] <= y[j] ? 1 : 0;
      }
    }
  },
  /** The sigmoid gate from the forward output: {@code dout * out * (1 - out)}. */
  SIGMOID_BACKWARD {
    @Override
    void apply(double[] dout, double[] out, double[] dx, int from, int to) {
      for (int j = from; j < to; j++) {
        dx[j] = dout[j] * out[j] * (1 - out[j]);
      }
    }
  },
  /** The tanh gate from the forward output: {@code dout * (1 - out²)}. */
  TANH_BACKWARD {
    @Override
    void apply(double[] dout, double[] out, double[] dx, int from, int to) {
      for (int j = from; j < to; j++) {
        dx[j] = dout[j] * (1 - out[j] * out[j]);
      }
    }
  };

  /** {@code out[j] = x[j] op y[j]} for j in [from, to). */
  abstract void apply(double[] x, double[] y, double[] out, int from, int to);
}
