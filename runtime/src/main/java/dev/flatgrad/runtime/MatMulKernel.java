package dev.flatgrad.runtime;

/**
 * A matrix-product kernel: {@code c += op(a) · op(b)}, with the conventions of {@link
 * MatMul#accumulate}. {@link MatMul} holds the plain-Java one; {@code VectorMatMul}, compiled
 * separately against the incubating Vector API, is loaded only when the JVM runs with {@code
 * --add-modules jdk.incubator.vector}.
 */
interface MatMulKernel {
  void accumulate(
      double[][] c, double[][] a, boolean transposeA, double[][] b, boolean transposeB, int inner);
}
