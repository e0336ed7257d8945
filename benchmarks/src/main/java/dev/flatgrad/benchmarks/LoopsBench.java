package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
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

/**
 * Workload 4: loop-heavy functions, a tanh RNN over T = 1000, Horner over 1000 coefficients and a
 * vector tanh RNN (32 states, 16 inputs, T = 100).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopsBench {
  double w = 0.9;
  double u = 0.5;
  final double[] x = Data.gaussian(31, 1000, 1.0);
  double z = 0.999;
  final double[] c = Data.gaussian(32, 1000, 1.0);
  final double[][] vw = Data.gaussian(33, 32, 32, 0.2);
  final double[][] vu = Data.gaussian(34, 32, 16, 0.3);
  final double[][] xs = Data.gaussian(35, 100, 16, 1.0);
  private final DSFactory ds = new DSFactory(2, 1);

  @Benchmark
  public double rnnForward() {
    return Loops.rnn(w, u, x);
  }

  @Benchmark
  public LoopsGrad.Rnn rnnGenerated() {
    return LoopsGrad.rnn(w, u, x);
  }

  @Benchmark
  public LoopsHand.Rnn rnnHandWritten() {
    return LoopsHand.rnn(w, u, x);
  }

  @Benchmark
  public Gradient rnnHipparchusGradient() {
    return HipparchusPeers.rnn(Gradient.variable(2, 0, w), Gradient.variable(2, 1, u), x);
  }

  @Benchmark
  public DerivativeStructure rnnHipparchusDerivativeStructure() {
    return HipparchusPeers.rnn(ds.variable(0, w), ds.variable(1, u), x);
  }

  @Benchmark
  public double[] rnnFinmathAad() {
    return FinmathPeers.rnn(w, u, x);
  }

  @Benchmark
  public double hornerForward() {
    return Loops.horner(z, c);
  }

  @Benchmark
  public LoopsGrad.Horner hornerGenerated() {
    return LoopsGrad.horner(z, c);
  }

  @Benchmark
  public LoopsHand.Horner hornerHandWritten() {
    return LoopsHand.horner(z, c);
  }

  @Benchmark
  public Gradient hornerHipparchusGradient() {
    int free = c.length + 1;
    Gradient[] cs = new Gradient[c.length];
    for (int i = 0; i < c.length; i++) {
      cs[i] = Gradient.variable(free, i + 1, c[i]);
    }
    return HipparchusPeers.horner(Gradient.variable(free, 0, z), cs);
  }

  @Benchmark
  public double[] hornerFinmathAad() {
    return FinmathPeers.horner(z, c);
  }

  @Benchmark
  public double vectorRnnForward() {
    return Loops.vectorRnn(vw, vu, xs);
  }

  @Benchmark
  public LoopsGrad.VectorRnn vectorRnnGenerated() {
    return LoopsGrad.vectorRnn(vw, vu, xs);
  }

  @Benchmark
  public LoopsHand.VectorRnn vectorRnnHandWritten() {
    return LoopsHand.vectorRnn(vw, vu, xs);
  }
}
