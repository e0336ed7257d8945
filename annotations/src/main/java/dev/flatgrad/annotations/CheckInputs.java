package dev.flatgrad.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Example inputs for a {@link Differentiable} method (or a method with a {@link CustomGradient}),
 * from which the build checks its generated gradient numerically ({@code mvn flatgrad:check}, or the plugin's {@code check} goal bound to
 * {@code verify}). Each entry declares one parameter, by name, as a shape and a distribution to
 * draw random values from, or as a fixed value. Random values come from a generator seeded with
 * {@link #seed()}, so every build checks the same point.
 *
 * <pre>{@code
 * @Differentiable
 * @CheckInputs({"W: 20x10", "X: 50x20", "y: 50 ints in [0, 10)", "reg: 0.1"})
 * static double softmaxLoss(double[][] W, double[][] X, int[] y, double reg) { ... }
 * }</pre>
 *
 * <h2>Entries</h2>
 *
 * An entry is {@code name: spec}, where {@code name} is a parameter of the method and {@code
 * spec} is one of:
 *
 * <table>
 *   <caption>Input specs</caption>
 *   <tr><th>spec</th><th>for parameters of type</th><th>gives</th></tr>
 *   <tr><td>{@code 0.1}, {@code -3}, {@code 2e-3}, {@code true}</td>
 *       <td>{@code double}, {@code int}, {@code long}, {@code boolean}</td>
 *       <td>that value</td></tr>
 *   <tr><td>{@code {1, 2.5, -1}}, {@code {{1, 2}, {3, 4}}}</td>
 *       <td>arrays of rank 1 and 2</td>
 *       <td>that array</td></tr>
 *   <tr><td>{@code normal}, {@code normal(0, 0.01)}, {@code in [-1, 1)}</td>
 *       <td>{@code double}</td>
 *       <td>a random scalar</td></tr>
 *   <tr><td>{@code 50}, {@code 50 normal(0, 0.01)}, {@code 50 in [0, 1)}</td>
 *       <td>{@code double[]}</td>
 *       <td>50 random entries</td></tr>
 *   <tr><td>{@code 20x10}, {@code 20x10 normal(1, 2)}, {@code 20x10 in [-1, 1)}</td>
 *       <td>{@code double[][]}</td>
 *       <td>20 rows of 10 random entries</td></tr>
 *   <tr><td>{@code 3x20x10}, {@code [4x5, 5x3]}, {@code [4x5, 5x3] normal(0, 0.1)}</td>
 *       <td>{@code double[][][]}</td>
 *       <td>a stack of matrices: 3 of 20x10, or one of each listed shape</td></tr>
 *   <tr><td>{@code in [0, 10)}, {@code 50 ints in [0, 10)}, {@code 4x3 ints in [0, 2)}</td>
 *       <td>{@code int}, {@code long} and their arrays</td>
 *       <td>random integers {@code 0 <= k < 10}</td></tr>
 *   <tr><td>{@code random}, {@code 50 booleans}</td>
 *       <td>{@code boolean} and its arrays</td>
 *       <td>random booleans</td></tr>
 * </table>
 *
 * <p>A shape is {@code N} (a vector), {@code RxC} (a matrix), {@code KxRxC} (K matrices) or a list
 * of matrix shapes {@code [RxC, ...]} (matrices of their own shapes); whether a bare number is a value
 * or a shape follows from the parameter's type ({@code "n: 50"} is the value 50 for {@code int
 * n}, a vector of 50 for {@code double[] n}). After the shape an optional word {@code doubles},
 * {@code ints}, {@code longs} or {@code booleans} says what the entries are, for the reader; it
 * must agree with the parameter's type. The distribution of doubles is {@code normal(mean, sd)}
 * ({@code normal} alone, and the default, is {@code normal(0, 1)}) or uniform {@code in [lo,
 * hi)}; integers need a range {@code in [lo, hi)}.
 *
 * <p>Parameters of type {@code double} and {@code boolean} may be left out: they get {@code
 * normal} and {@code random}. Every array and integer parameter must be declared. For a method
 * returning an array, the upstream gradient {@code dout} is drawn from {@code normal} with the
 * shape of the method's result.
 *
 * <p>Keep the inputs away from the kinks of non-smooth functions (the check perturbs each entry
 * by about {@code 1e-4} times its size): a {@code max} or {@code relu} evaluated exactly at a tie
 * gives a numeric derivative that no subgradient matches. A function that is smooth only on a
 * larger scale (a Monte Carlo payoff averaged over paths, a piecewise fit) needs a larger step,
 * and one whose value is noisy in its last digits a step well above that noise: set {@link
 * #step()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CheckInputs {

  /** One {@code name: spec} entry per parameter; see the class documentation for the specs. */
  String[] value() default {};

  /** The seed of the random inputs: the same seed gives the same inputs in every build. */
  long seed() default 1;

  /**
   * The relative difference step of the check: each entry {@code x} is perturbed by {@code step *
   * max(1, |x|)}. {@code 0}, the default, means the check's own default ({@code 1e-4}, or the
   * {@code check} goal's {@code flatgrad.check.step}); a step written here wins over both, in the
   * {@code check} goal and in the generated {@code FooGrad.checkM}, {@code checkMTangent} and
   * {@code checkMHvp}. Write it as a number in place ({@code step = 1e-3}): flatgrad reads it from
   * the source.
   */
  double step() default 0;
}
