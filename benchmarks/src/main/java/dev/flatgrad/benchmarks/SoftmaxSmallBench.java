package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import net.finmath.stochastic.RandomVariable;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Workload 2: the softmax classifier loss, N = 256, D = 100, C = 10 (1,000 parameters). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SoftmaxSmallBench {
  final Data.Linear p = new Data.Linear(256, 100, 10);
  final RandomVariable[] xColumns = FinmathPeers.columns(p.X);
  final RandomVariable[] oneHot = FinmathPeers.oneHot(p.y, 10);

  @Benchmark
  public double forward() {
    return Nets.softmax(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsGrad.Softmax generated() {
    return NetsGrad.softmax(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsHand.Linear handWritten() {
    return NetsHand.softmax(p.W, p.X, p.y, p.reg);
  }

  /** Forward mode: every weight carries 1,000 partial derivatives. */
  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public Gradient hipparchusGradient() {
    return HipparchusPeers.softmax(HipparchusPeers.softmaxVariables(p.W), p.X, p.y, p.reg);
  }

  @Benchmark
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 2)
  public double[][] finmathAad() {
    return FinmathPeers.softmax(p.W, xColumns, oneHot, p.reg);
  }
}
