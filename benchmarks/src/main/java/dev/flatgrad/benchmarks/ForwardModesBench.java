package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
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
 * Issue 14: forward mode and second derivatives, beside the value they are ratios of, in one run.
 * Tangents (one direction) of Black–Scholes, the RNN and Horner; Hessian-vector products of
 * Black–Scholes, the softmax classifier (256x100x10) and the two-layer net (256x3072x100x10);
 * and the Black–Scholes price with its 5 first-order and 15 second-order sensitivities by
 * flatgrad's Hessian, by 2 H·v (gamma, vanna, volga), by Hipparchus {@code DerivativeStructure} of
 * order 2, and by hand.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class ForwardModesBench {

  /** The Black–Scholes inputs and a direction; fields, so the JIT cannot fold them. */
  @State(Scope.Thread)
  public static class Call {
    double spot = 100.0;
    double strike = 110.0;
    double vol = 0.25;
    double time = 1.5;
    double rate = 0.03;
    double spotDot = 0.7;
    double strikeDot = -0.3;
    double volDot = 0.2;
    double timeDot = 0.5;
    double rateDot = 0.1;
    final DSFactory order2 = new DSFactory(5, 2);
  }

  /** The RNN and Horner inputs of {@link LoopsBench}, with directions. */
  @State(Scope.Thread)
  public static class Scalar {
    double w = 0.9;
    double u = 0.5;
    final double[] x = Data.gaussian(31, 1000, 1.0);
    double z = 0.999;
    final double[] c = Data.gaussian(32, 1000, 1.0);
    double wDot = 0.3;
    double uDot = -0.7;
    double zDot = 0.4;
    final double[] cDot = Data.gaussian(33, 1000, 1.0);
  }

  /** The softmax classifier of {@link SoftmaxSmallBench}, with a direction. */
  @State(Scope.Thread)
  public static class Softmax {
    final Data.Linear p = new Data.Linear(256, 100, 10);
    final double[][] wDot = Data.gaussian(41, 100, 10, 1e-3);
  }

  /** The two-layer net of {@link TwoLayerBench}, with directions. */
  @State(Scope.Thread)
  public static class TwoLayer {
    final Data.TwoLayer p = new Data.TwoLayer(256, 3072, 100, 10);
    final double[][] w1Dot = Data.gaussian(42, 3072, 100, 1e-3);
    final double[] b1Dot = Data.gaussian(43, 100, 1e-3);
    final double[][] w2Dot = Data.gaussian(44, 100, 10, 1e-3);
    final double[] b2Dot = Data.gaussian(45, 10, 1e-3);
  }

  // ------------------------------------------------------------ Black–Scholes

  @Benchmark
  public double callValue(Call s) {
    return BlackScholes.callPrice(s.spot, s.strike, s.vol, s.time, s.rate);
  }

  @Benchmark
  public BlackScholesGrad.CallPrice callGradient(Call s) {
    return BlackScholesGrad.callPrice(s.spot, s.strike, s.vol, s.time, s.rate);
  }

  @Benchmark
  public BlackScholesGrad.CallPriceTangent callTangent(Call s) {
    return BlackScholesGrad.callPriceTangent(s.spot, s.strike, s.vol, s.time, s.rate,
        s.spotDot, s.strikeDot, s.volDot, s.timeDot, s.rateDot);
  }

  @Benchmark
  public BlackScholesGrad.CallPriceHvp callHvp(Call s) {
    return BlackScholesGrad.callPriceHvp(s.spot, s.strike, s.vol, s.time, s.rate,
        s.spotDot, s.strikeDot, s.volDot, s.timeDot, s.rateDot);
  }

  /**
   * The same with the CDF's derivatives by hand ({@code @CustomGradient}, {@code @CustomTangent}:
   * the density), as the hand-written closed forms have them.
   */
  @Benchmark
  public BlackScholesCustomGrad.CallPriceHessian callHessianCustomCdf(Call s) {
    return BlackScholesCustomGrad.callPriceHessian(s.spot, s.strike, s.vol, s.time, s.rate);
  }

  /** Price, 5 first-order and all 15 second-order sensitivities: flatgrad's Hessian (5 H·v). */
  @Benchmark
  public BlackScholesGrad.CallPriceHessian callHessian(Call s) {
    return BlackScholesGrad.callPriceHessian(s.spot, s.strike, s.vol, s.time, s.rate);
  }

  /** Price, 5 first-order sensitivities, gamma, vanna and volga: 2 H·v, along spot and vol. */
  @Benchmark
  public double[] callGreeks(Call s) {
    BlackScholesGrad.CallPriceHvp alongSpot =
        BlackScholesGrad.callPriceHvp(s.spot, s.strike, s.vol, s.time, s.rate, 1, 0, 0, 0, 0);
    BlackScholesGrad.CallPriceHvp alongVol =
        BlackScholesGrad.callPriceHvp(s.spot, s.strike, s.vol, s.time, s.rate, 0, 0, 1, 0, 0);
    return new double[] {
      alongSpot.value(), alongSpot.dspot(), alongSpot.dstrike(), alongSpot.dvol(), alongSpot.dtime(),
      alongSpot.drate(), alongSpot.dspotDot(), alongSpot.dvolDot(), alongVol.dvolDot()};
  }

  @Benchmark
  public DerivativeStructure callHipparchusOrder2(Call s) {
    return HipparchusPeers.callPrice(s.order2.variable(0, s.spot), s.order2.variable(1, s.strike),
        s.order2.variable(2, s.vol), s.order2.variable(3, s.time), s.order2.variable(4, s.rate));
  }

  @Benchmark
  public BlackScholesHand.PriceHessian callHandWritten(Call s) {
    return BlackScholesHand.priceHessian(s.spot, s.strike, s.vol, s.time, s.rate);
  }

  // ------------------------------------------------------------ RNN and Horner

  @Benchmark
  public double rnnValue(Scalar s) {
    return Loops.rnn(s.w, s.u, s.x);
  }

  @Benchmark
  public LoopsGrad.RnnTangent rnnTangent(Scalar s) {
    return LoopsGrad.rnnTangent(s.w, s.u, s.x, s.wDot, s.uDot);
  }

  @Benchmark
  public double hornerValue(Scalar s) {
    return Loops.horner(s.z, s.c);
  }

  @Benchmark
  public LoopsGrad.HornerTangent hornerTangent(Scalar s) {
    return LoopsGrad.hornerTangent(s.z, s.c, s.zDot, s.cDot);
  }

  // ------------------------------------------------------------ nets

  @Benchmark
  public double softmaxValue(Softmax s) {
    return Nets.softmax(s.p.W, s.p.X, s.p.y, s.p.reg);
  }

  @Benchmark
  public NetsGrad.SoftmaxHvp softmaxHvp(Softmax s) {
    return NetsGrad.softmaxHvp(s.p.W, s.p.X, s.p.y, s.p.reg, s.wDot);
  }

  @Benchmark
  public double twoLayerValue(TwoLayer s) {
    return Nets.twoLayer(s.p.X, s.p.y, s.p.W1, s.p.b1, s.p.W2, s.p.b2, s.p.reg);
  }

  @Benchmark
  public NetsGrad.TwoLayerHvp twoLayerHvp(TwoLayer s) {
    return NetsGrad.twoLayerHvp(s.p.X, s.p.y, s.p.W1, s.p.b1, s.p.W2, s.p.b2, s.p.reg,
        s.w1Dot, s.b1Dot, s.w2Dot, s.b2Dot);
  }
}
