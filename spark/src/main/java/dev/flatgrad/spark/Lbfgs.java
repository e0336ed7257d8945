package dev.flatgrad.spark;

import breeze.linalg.DenseVector;
import breeze.optimize.CachedDiffFunction;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag;

/**
 * Minimises an {@link Objective} with Breeze's L-BFGS, the optimiser MLlib's {@code
 * LogisticRegression} and {@code LinearRegression} use, with MLlib's defaults: at most 100
 * iterations, the last 10 steps to approximate the curvature, tolerance {@code 1e-6}.
 *
 * <p>Each iteration is logged (SLF4J, logger {@code dev.flatgrad.spark.Lbfgs}, INFO), as a
 * progress line:
 *
 * <pre>
 * L-BFGS iteration 12: loss 0.2314567812, |gradient| 3.12e-04, 1 evaluation, 0.084 s
 * </pre>
 *
 * <p>and each is kept in {@link Result#history()}.
 */
public final class Lbfgs {
  private static final Logger LOG = LoggerFactory.getLogger(Lbfgs.class);

  private final int maxIterations;
  private final int memory;
  private final double tolerance;

  /** MLlib's defaults: 100 iterations, memory 10, tolerance {@code 1e-6}. */
  public Lbfgs() {
    this(100, 10, 1e-6);
  }

  private Lbfgs(int maxIterations, int memory, double tolerance) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1, not " + maxIterations);
    }
    if (memory < 1) {
      throw new IllegalArgumentException("memory must be at least 1, not " + memory);
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, not " + tolerance);
    }
    this.maxIterations = maxIterations;
    this.memory = memory;
    this.tolerance = tolerance;
  }

  /** At most {@code n} iterations. */
  public Lbfgs maxIterations(int n) {
    return new Lbfgs(n, memory, tolerance);
  }

  /** How many past steps approximate the inverse Hessian. */
  public Lbfgs memory(int m) {
    return new Lbfgs(maxIterations, m, tolerance);
  }

  /**
   * Stops when the loss improved by less than {@code tolerance} (relative) over the last
   * iterations, or the gradient's largest entry is below {@code tolerance} times the loss (but
   * never demands it below {@code 1e-8}): Breeze's convergence test, as MLlib's {@code tol}.
   */
  public Lbfgs tolerance(double tolerance) {
    return new Lbfgs(maxIterations, memory, tolerance);
  }

  /** One iteration: its loss, gradient norm, how many evaluations it took and how long. */
  public record Iteration(int iteration, double loss, double gradientNorm, int evaluations,
      double seconds) {}

  /**
   * Where the minimisation ended.
   *
   * @param point the last point
   * @param loss the objective there
   * @param converged whether it stopped because the loss or gradient converged (not because it ran
   *     out of iterations or the line search failed)
   * @param reason Breeze's reason for stopping
   * @param history every iteration, the starting point first (iteration 0)
   */
  public record Result(double[] point, double loss, boolean converged, String reason,
      List<Iteration> history) {
    /** The number of iterations, not counting the starting point. */
    public int iterations() {
      return history.size() - 1;
    }

    /** The number of evaluations of the objective. */
    public int evaluations() {
      return history.stream().mapToInt(Iteration::evaluations).sum();
    }
  }

  /** Minimises {@code objective} from {@code start} (not modified). */
  public Result minimize(Objective objective, double[] start) {
    LBFGS<DenseVector<Object>> lbfgs =
        new LBFGS<>(maxIterations, memory, tolerance, DenseVector.space_Double());
    Counted counted = new Counted(objective);
    LOG.info(String.format(Locale.ROOT,
        "L-BFGS over %d parameters: at most %d iterations, memory %d, tolerance %s",
        start.length, maxIterations, memory, tolerance));
    long begin = System.nanoTime();
    long last = begin;
    // Evaluates the objective at the start already.
    Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> states =
        lbfgs.iterations(cached(counted), new DenseVector<>(start.clone()));
    List<Iteration> history = new ArrayList<>();
    FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> state = null;
    while (states.hasNext()) {
      state = states.next();
      long now = System.nanoTime();
      Iteration it = new Iteration(state.iter(), state.value(), norm(toArray(state.grad())),
          counted.take(), (now - last) / 1e9);
      last = now;
      history.add(it);
      LOG.info(String.format(Locale.ROOT,
          "L-BFGS iteration %d: loss %.10g, |gradient| %.3e, %d evaluation%s, %.3f s",
          it.iteration(), it.loss(), it.gradientNorm(), it.evaluations(),
          it.evaluations() == 1 ? "" : "s", it.seconds()));
    }
    Option<FirstOrderMinimizer.ConvergenceReason> why =
        lbfgs.convergenceCheck().apply(state, state.convergenceInfo());
    String reason = why.isDefined() ? why.get().reason() : "stopped";
    boolean converged = why.isDefined()
        && (why.get() instanceof FirstOrderMinimizer.FunctionValuesConverged$
            || why.get() instanceof FirstOrderMinimizer.GradientConverged$);
    Result result = new Result(toArray(state.x()), state.value(), converged, reason, history);
    LOG.info(String.format(Locale.ROOT,
        "L-BFGS stopped after %d iterations (%s): loss %.10g, %d evaluations, %.3f s",
        result.iterations(), reason, result.loss(), result.evaluations(),
        (last - begin) / 1e9));
    return result;
  }

  /** An objective that counts its evaluations. */
  private static final class Counted implements Objective {
    private final Objective objective;
    private int count;

    Counted(Objective objective) {
      this.objective = objective;
    }

    @Override
    public Evaluation evaluate(double[] point) {
      count++;
      return objective.evaluate(point);
    }

    /** The evaluations since the last call. */
    int take() {
      int n = count;
      count = 0;
      return n;
    }
  }

  /**
   * {@code objective} as the function Breeze minimises, remembering its last evaluation as MLlib
   * wraps its losses: the line search ends at the point the next iteration starts from, and
   * L-BFGS asks for it again there.
   */
  private static DiffFunction<DenseVector<Object>> cached(Objective objective) {
    BreezeObjective f = new BreezeObjective(point -> {
      Objective.Evaluation e = objective.evaluate(point);
      return new Tuple2<>(e.value(), e.gradient());
    });
    return new CachedDiffFunction<>(f, DenseVector.canCopyDenseVector(ClassTag.Double()));
  }

  private static double[] toArray(DenseVector<Object> v) {
    return v.toArray$mcD$sp(ClassTag.Double());
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
