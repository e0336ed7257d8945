package dev.flatgrad.processor.rules;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import org.junit.jupiter.api.Test;

/**
 * A product of two arrays added into an adjoint the code already holds is added in place,
 * {@code Nd.addMultiplyInPlace(dx, dy, y)}, without its temporary; shares of broadcast products
 * (summed back by {@code unbroadcast}) are added as before. The gradients stay the method's.
 */
class AccumulatedProductsTest {

  private static final String SOURCE = """
      package products;

      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;

      class Products {
        /** X scaled by a column and by a one-row matrix, and X again: three shares of dX. */
        @Differentiable(wrt = {"X", "c", "r"})
        static double scaled(double[][] X, double[] c, double[][] r) {
          double[][] byRows = Nd.multiply(X, Nd.col(c));
          double[][] byCols = Nd.multiply(r, X);
          return Nd.sum(Nd.multiply(byRows, byCols)) + Nd.sum(Nd.exp(X));
        }

        /** A vector's elementwise product with itself and its exponential. */
        @Differentiable
        static double vector(double[] v) {
          return Nd.sum(Nd.multiply(v, Nd.exp(v))) + Nd.sum(Nd.multiply(v, v));
        }
      }
      """;

  @Test
  void productsAreAddedInPlace() {
    Compilation c = compileOk(source(SOURCE));
    String grad = generated(c, "products.ProductsGrad");
    assertThat(grad).contains("Nd.addMultiplyInPlace(dX, ");
    assertThat(grad).doesNotContain("Nd.addInPlace(dX, Nd.multiply(");
    Loaded l = load(c);
    double[][] x = {{0.3, -1.1, 0.4}, {0.9, 0.2, -0.5}};
    assertGradient(l, "products.ProductsGrad", "scaled", x, new double[] {0.7, -0.2}, new double[][] {{0.5, 1.5, -0.8}});
    assertGradient(l, "products.ProductsGrad", "vector", new double[] {0.2, -0.4, 0.9});
  }
}
