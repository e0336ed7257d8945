package dev.flatgrad.runtime;

/**
 * A matrix-product kernel: {@code c += op(a) · op(b)} with the conventions of {@link
 * MatMul.Product}. {@link MatMul} holds the plain-Java one; {@code VectorMatMul}, compiled
 * separately against the incubating Vector API, is loaded only when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}.
 *
 * <p>Every kernel computes each entry by the same arithmetic: starting from {@code c[i][j]}, one
 * fused multiply-add per step of {@code k}, in increasing {@code k}, {@code c[i][j] =
 * fma(op(a)(i, k), op(b)(k, j), c[i][j])}. So the result does not depend on the kernel, on its
 * blocking, or on how many threads share the product: it is bit for bit the same. (The plain
 * kernel's {@link Math#fma} is one instruction on every x86 since 2013 and every 64-bit ARM; a
 * JVM on a CPU without fused multiply-add emulates it, far slower.)
 */
interface MatMulKernel {
  /** {@code c += op(a) · op(b)}, cut into at most {@code parts} parts on {@link Parallel}'s threads. */
  void multiply(MatMul.Product p, int parts);
}
