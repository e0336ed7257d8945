package dev.flatgrad.runtime;

/**
 * The binary elementwise operations, each a loop of its own over a range of three arrays, and one
 * over a row against a single value (a scalar operand, or an entry of a column).
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] + y;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] - y;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] * y;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] / y;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.max(x[j], y);
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = Math.min(x[j], y);
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] > y ? 1 : 0;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] >= y ? 1 : 0;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] < y ? 1 : 0;
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

    @Override
    void apply(double[] x, double y, double[] out, int from, int to) {
      for (int j = from; j < to; j++) {
        out[j] = x[j] <= y ? 1 : 0;
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

    @Override
    void apply(double[] dout, double out, double[] dx, int from, int to) {
      for (int j = from; j < to; j++) {
        dx[j] = dout[j] * out * (1 - out);
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

    @Override
    void apply(double[] dout, double out, double[] dx, int from, int to) {
      for (int j = from; j < to; j++) {
        dx[j] = dout[j] * (1 - out * out);
      }
    }
  };

  /** {@code out[j] = x[j] op y[j]} for j in [from, to). */
  abstract void apply(double[] x, double[] y, double[] out, int from, int to);

  /**
   * {@code out[j] = x[j] op y} for j in [from, to): a row against the one entry of a scalar or of
   * a row of a column, without first stretching it into a row ({@code subtract(scores,
   * col(max))} of 256×10 took 5.8 µs with the stretch, 4.5 without).
   */
  abstract void apply(double[] x, double y, double[] out, int from, int to);
}
