package dev.flatgrad.runtime;

/**
 * A matrix-product kernel: {@code c += op(a) · op(b)} over one block of {@code c}, with the
 * conventions of {@link MatMul.Product}. {@link MatMul} holds the plain-Java one; {@code
 * VectorMatMul}, compiled separately against the incubating Vector API, is loaded only when the
 * JVM runs with {@code --add-modules jdk.incubator.vector}.
 *
 * <p>A kernel computes each entry of {@code c} by the same operations in the same order whatever
 * block it is asked for, provided {@code rowFrom} is a multiple of {@link MatMul#ROW_TILE}: this
 * is what makes a product split over threads give the single-threaded result bit for bit.
 */
interface MatMulKernel {
  /** {@code c[i][j] += (op(a) · op(b))[i][j]} for i in [rowFrom, rowTo), j in [colFrom, colTo). */
  void accumulate(MatMul.Product p, int rowFrom, int rowTo, int colFrom, int colTo);
}
