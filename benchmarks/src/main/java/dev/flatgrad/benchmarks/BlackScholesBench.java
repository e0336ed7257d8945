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

/** Workload 1: a Black–Scholes call price and its five sensitivities. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlackScholesBench {
  // Fields, not constants: the JIT must not fold the inputs.
  double spot = 100.0;
  double strike = 110.0;
  double vol = 0.25;
  double time = 1.5;
  double rate = 0.03;
  private final DSFactory ds = new DSFactory(5, 1);

  @Benchmark
  public double forward() {
    return BlackScholes.callPrice(spot, strike, vol, time, rate);
  }

  @Benchmark
  public BlackScholesGrad.CallPrice generated() {
    return BlackScholesGrad.callPrice(spot, strike, vol, time, rate);
  }

  @Benchmark
  public BlackScholesCustomGrad.CallPrice generatedCustomGradient() {
    return BlackScholesCustomGrad.callPrice(spot, strike, vol, time, rate);
  }

  @Benchmark
  public BlackScholesHand.PriceAdjoint handWritten() {
    return BlackScholesHand.priceAdjoint(spot, strike, vol, time, rate);
  }

  @Benchmark
  public Gradient hipparchusGradient() {
    return HipparchusPeers.callPrice(
        Gradient.variable(5, 0, spot),
        Gradient.variable(5, 1, strike),
        Gradient.variable(5, 2, vol),
        Gradient.variable(5, 3, time),
        Gradient.variable(5, 4, rate));
  }

  @Benchmark
  public DerivativeStructure hipparchusDerivativeStructure() {
    return HipparchusPeers.callPrice(
        ds.variable(0, spot), ds.variable(1, strike), ds.variable(2, vol), ds.variable(3, time),
        ds.variable(4, rate));
  }

  @Benchmark
  public double[] finmathAad() {
    return FinmathPeers.callPrice(spot, strike, vol, time, rate);
  }
}
