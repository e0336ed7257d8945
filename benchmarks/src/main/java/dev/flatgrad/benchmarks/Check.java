package dev.flatgrad.benchmarks;

import java.util.Locale;
import dev.flatgrad.runtime.GradCheck;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Before timing anything: every implementation of a workload computes the same value and
 * gradient from the same inputs (relative difference below 1e-6; the Black–Scholes variants
 * that differentiate the CDF's polynomial instead of using the density agree to 1e-5). Exits 1
 * if not. {@code java -cp benchmarks/target/benchmarks.jar dev.flatgrad.benchmarks.Check}
 */
public final class Check {
  private static int failures;

  private Check() {}

  public static void main(String[] args) {
    BlackScholesBench bs = new BlackScholesBench();
    double[] hand = toArray(bs.handWritten());
    // The generated code differentiates the CDF's polynomial; the hand-written uses the density.
    same("Black-Scholes generated vs hand-written", toArray(bs.generated()), hand, 1e-4);
    double[] poly = toArray(bs.generated());
    same("Black-Scholes generated (custom gradient)", toArray(bs.generatedCustomGradient()), hand, 1e-12);
    same("Black-Scholes forward", new double[] {bs.forward()}, new double[] {hand[0]}, 1e-14);
    Gradient g = bs.hipparchusGradient();
    same("Black-Scholes Hipparchus Gradient", prepend(g.getValue(), g.getGradient()), poly, 1e-12);
    var d = bs.hipparchusDerivativeStructure();
    same("Black-Scholes Hipparchus DS", prepend(d.getValue(), d.getAllDerivatives().clone()).length > 0
        ? prepend(d.getValue(), java.util.Arrays.copyOfRange(d.getAllDerivatives(), 1, 6)) : null, poly, 1e-12);
    same("Black-Scholes finmath", bs.finmathAad(), poly, 1e-12);

    LoopsBench lb = new LoopsBench();
    LoopsHand.Rnn rh = lb.rnnHandWritten();
    double[] rnn = {rh.value(), rh.dw(), rh.du()};
    LoopsGrad.Rnn rg = lb.rnnGenerated();
    same("RNN generated", new double[] {rg.value(), rg.dw(), rg.du()}, rnn, 1e-12);
    Gradient rgh = lb.rnnHipparchusGradient();
    same("RNN Hipparchus", prepend(rgh.getValue(), rgh.getGradient()), rnn, 1e-10);
    same("RNN finmath", lb.rnnFinmathAad(), rnn, 1e-10);
    LoopsHand.VectorRnn vh = lb.vectorRnnHandWritten();
    LoopsGrad.VectorRnn vg = lb.vectorRnnGenerated();
    same("vector RNN generated", prepend(vg.value(), concat(flat(vg.dW()), flat(vg.dU()))),
        prepend(vh.value(), concat(flat(vh.dW()), flat(vh.dU()))), 1e-12);
    LoopsHand.Horner hh = lb.hornerHandWritten();
    double[] horner = prepend(hh.value(), prepend(hh.dx(), hh.dc()));
    LoopsGrad.Horner hg = lb.hornerGenerated();
    same("Horner generated", prepend(hg.value(), prepend(hg.dx(), hg.dc())), horner, 1e-10);
    Gradient hgh = lb.hornerHipparchusGradient();
    same("Horner Hipparchus", prepend(hgh.getValue(), hgh.getGradient()), horner, 1e-10);
    same("Horner finmath", lb.hornerFinmathAad(), horner, 1e-10);

    SoftmaxSmallBench sb = new SoftmaxSmallBench();
    NetsHand.Linear sh = sb.handWritten();
    double[] softmax = prepend(sh.loss(), flat(sh.dW()));
    NetsGrad.Softmax sg = sb.generated();
    same("softmax 256x100 generated", prepend(sg.value(), flat(sg.dW())), softmax, 1e-9);
    Gradient sgh = sb.hipparchusGradient();
    same("softmax 256x100 Hipparchus", prepend(sgh.getValue(), sgh.getGradient()), softmax, 1e-9);
    double[][] sf = sb.finmathAad();
    double[][] sfW = java.util.Arrays.copyOf(sf, sf.length - 1);
    same("softmax 256x100 finmath", prepend(sf[sf.length - 1][0], flat(sfW)), softmax, 1e-9);

    LinearBench lin = new LinearBench();
    NetsHand.Linear svh = lin.svmHandWritten();
    NetsGrad.Svm svg = lin.svmGenerated();
    same("SVM generated", prepend(svg.value(), flat(svg.dW())), prepend(svh.loss(), flat(svh.dW())), 1e-9);
    same("SVM forward", new double[] {lin.svmForward()}, new double[] {svh.loss()}, 1e-12);
    NetsHand.Linear smh = lin.softmaxHandWritten();
    NetsGrad.Softmax smg = lin.softmaxGenerated();
    same("softmax 500x3073 generated", prepend(smg.value(), flat(smg.dW())), prepend(smh.loss(), flat(smh.dW())), 1e-9);

    TwoLayerBench tl = new TwoLayerBench();
    NetsHand.TwoLayer th = tl.handWritten();
    NetsGrad.TwoLayer tg = tl.generated();
    same("two-layer generated",
        prepend(tg.value(), concat(flat(tg.dW1()), tg.db1(), flat(tg.dW2()), tg.db2())),
        prepend(th.loss(), concat(flat(th.dW1()), th.db1(), flat(th.dW2()), th.db2())), 1e-9);

    for (int segments : new int[] {5, 50, 500}) {
      SplineBench sp = new SplineBench();
      sp.segments = segments;
      sp.setup();
      SplinesHand.Fit fh = sp.handWritten();
      SplinesGrad.FitLoss fg = sp.generated();
      double[] fit = prepend(fh.value(), fh.dc());
      same("spline fit, " + segments + " segments, generated", prepend(fg.value(), fg.dc()), fit, 1e-12);
      same("spline fit, " + segments + " segments, forward", new double[] {sp.forward()},
          new double[] {fh.value()}, 1e-14);
    }

    ProbeBench pb = new ProbeBench();
    same("probe: Black-Scholes without recomputation", toArray(pb.blackScholesNoRecompute()), poly, 1e-12);
    LoopsGrad.Rnn rp = pb.rnnPresizedStack();
    same("probe: RNN presized stack", new double[] {rp.value(), rp.dw(), rp.du()}, rnn, 1e-12);
    LoopsGrad.Horner hp = pb.hornerPresizedStack();
    same("probe: Horner presized stack", prepend(hp.value(), prepend(hp.dx(), hp.dc())), horner, 1e-10);
    LoopsGrad.Rnn ra = pb.rnnArrayTape();
    same("probe: RNN array tape", new double[] {ra.value(), ra.dw(), ra.du()}, rnn, 1e-12);
    LoopsGrad.Horner ha = pb.hornerArrayTape();
    same("probe: Horner array tape", prepend(ha.value(), prepend(ha.dx(), ha.dc())), horner, 1e-10);
    LoopsGrad.Horner hs = pb.hornerStore();
    same("probe: Horner store", prepend(hs.value(), prepend(hs.dx(), hs.dc())), horner, 1e-10);
    NetsGrad.Softmax sp = pb.softmaxSmallWithoutMaxGradient();
    same("probe: softmax without max gradient", prepend(sp.value(), flat(sp.dW())), softmax, 1e-9);

    forwardModes(poly, rnn, horner);

    System.out.println(failures == 0 ? "all implementations agree" : failures + " disagreements");
    System.exit(failures == 0 ? 0 : 1);
  }

  /**
   * Issue 14's benchmarks: tangents are gradients times directions, H·v are Hessians times
   * directions, the Hessians of flatgrad, Hipparchus DS of order 2 and the hand-written closed
   * forms agree, and the nets' H·v pass their checks against centred differences of the gradient.
   */
  private static void forwardModes(double[] poly, double[] rnn, double[] horner) {
    ForwardModesBench fm = new ForwardModesBench();
    ForwardModesBench.Call c = new ForwardModesBench.Call();
    BlackScholesGrad.CallPriceHessian fh = fm.callHessian(c);
    double[] gradient = {fh.dspot(), fh.dstrike(), fh.dvol(), fh.dtime(), fh.drate()};
    same("Black-Scholes Hessian: value and gradient", prepend(fh.value(), gradient), poly, 1e-12);
    var ds = fm.callHipparchusOrder2(c);
    double[][] dsHessian = new double[5][5];
    double[] dsGradient = new double[5];
    for (int i = 0; i < 5; i++) {
      int[] first = new int[5];
      first[i] = 1;
      dsGradient[i] = ds.getPartialDerivative(first);
      for (int j = 0; j < 5; j++) {
        int[] orders = new int[5];
        orders[i]++;
        orders[j]++;
        dsHessian[i][j] = ds.getPartialDerivative(orders);
      }
    }
    double[] flatgrad = prepend(fh.value(), concat(gradient, flat(fh.hessian())));
    same("Black-Scholes Hessian vs Hipparchus DS order 2",
        flatgrad, prepend(ds.getValue(), concat(dsGradient, flat(dsHessian))), 1e-10);
    BlackScholesHand.PriceHessian hand = fm.callHandWritten(c);
    double[] handAll = prepend(hand.price(), concat(hand.gradient(), flat(hand.hessian())));
    // The polynomial CDF's second derivative is off the density's slope by up to 1% of an entry.
    same("Black-Scholes Hessian vs hand-written (density)", flatgrad, handAll, 2e-2);
    BlackScholesCustomGrad.CallPriceHessian ch = fm.callHessianCustomCdf(c);
    same("Black-Scholes Hessian, CDF by hand, vs hand-written", prepend(ch.value(), concat(
        new double[] {ch.dspot(), ch.dstrike(), ch.dvol(), ch.dtime(), ch.drate()}, flat(ch.hessian()))),
        handAll, 1e-12);
    double[] greeks = fm.callGreeks(c);
    double[][] h = fh.hessian();
    same("Black-Scholes gamma, vanna, volga by 2 H.v", greeks,
        concat(prepend(fh.value(), gradient), new double[] {h[0][0], h[0][2], h[2][2]}), 1e-12);
    double[] direction = {c.spotDot, c.strikeDot, c.volDot, c.timeDot, c.rateDot};
    same("Black-Scholes tangent = gradient . direction",
        new double[] {fm.callTangent(c).valueDot()}, new double[] {dot(gradient, direction)}, 1e-12);
    BlackScholesGrad.CallPriceHvp hvp = fm.callHvp(c);
    double[] hv = new double[5];
    for (int i = 0; i < 5; i++) {
      hv[i] = dot(h[i], direction);
    }
    same("Black-Scholes H.v = Hessian . direction",
        new double[] {hvp.dspotDot(), hvp.dstrikeDot(), hvp.dvolDot(), hvp.dtimeDot(), hvp.drateDot()}, hv, 1e-10);

    ForwardModesBench.Scalar sc = new ForwardModesBench.Scalar();
    same("RNN tangent = gradient . direction", new double[] {fm.rnnTangent(sc).valueDot()},
        new double[] {rnn[1] * sc.wDot + rnn[2] * sc.uDot}, 1e-10);
    double[] hornerGradient = java.util.Arrays.copyOfRange(horner, 1, horner.length);
    same("Horner tangent = gradient . direction", new double[] {fm.hornerTangent(sc).valueDot()},
        new double[] {dot(hornerGradient, prepend(sc.zDot, sc.cDot))}, 1e-10);

    ForwardModesBench.Softmax sm = new ForwardModesBench.Softmax();
    passes("softmax 256x100 H.v", NetsGrad.checkSoftmaxHvp(sm.p.W, sm.p.X, sm.p.y, sm.p.reg, sm.wDot));
    // Moving every weight at once moves thousands of relu inputs; a step of 1e-7 keeps them all on
    // their side of the kink, where the gradient is smooth.
    ForwardModesBench.TwoLayer tl = new ForwardModesBench.TwoLayer();
    var p = tl.p;
    NetsGrad.TwoLayerHvp thv = fm.twoLayerHvp(tl);
    var w1 = GradCheck.along("W1", p.W1, tl.w1Dot);
    var b1 = GradCheck.along("b1", p.b1, tl.b1Dot);
    var w2 = GradCheck.along("W2", p.W2, tl.w2Dot);
    var b2 = GradCheck.along("b2", p.b2, tl.b2Dot);
    passes("two-layer H.v", GradCheck.checkAlong(GradCheck.Options.defaults().withStep(1e-7), () -> {
      NetsGrad.TwoLayer g = NetsGrad.twoLayer(p.X, p.y, w1.value(), b1.value(), w2.value(), b2.value(), p.reg);
      return new Object[] {g.dW1(), g.db1(), g.dW2(), g.db2()};
    }, new String[] {"dW1Dot", "db1Dot", "dW2Dot", "db2Dot"},
        new Object[] {thv.dW1Dot(), thv.db1Dot(), thv.dW2Dot(), thv.db2Dot()}, w1, b1, w2, b2));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void passes(String what, GradCheck.Report report) {
    if (report.passed()) {
      System.out.printf(Locale.ROOT, "ok   %-45s max relative error %.2g%n", what, report.maxError());
    } else {
      fail(what, report.table());
    }
  }

  static double[] toArray(BlackScholesGrad.CallPrice r) {
    return new double[] {r.value(), r.dspot(), r.dstrike(), r.dvol(), r.dtime(), r.drate()};
  }

  static double[] toArray(BlackScholesCustomGrad.CallPrice r) {
    return new double[] {r.value(), r.dspot(), r.dstrike(), r.dvol(), r.dtime(), r.drate()};
  }

  static double[] toArray(BlackScholesHand.PriceAdjoint r) {
    return new double[] {r.price(), r.spotBar(), r.strikeBar(), r.volBar(), r.timeBar(), r.rateBar()};
  }

  static double[] prepend(double v, double[] rest) {
    double[] out = new double[rest.length + 1];
    out[0] = v;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  static double[] flat(double[][] m) {
    return concat(m);
  }

  static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static void same(String what, double[] actual, double[] expected, double tolerance) {
    if (actual.length != expected.length) {
      fail(what, "length " + actual.length + " != " + expected.length);
      return;
    }
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(scale, 1e-300));
    }
    if (!(worst <= tolerance)) {
      fail(what, String.format(Locale.ROOT, "max relative difference %.3g > %.1g", worst, tolerance));
    } else {
      System.out.printf(Locale.ROOT, "ok   %-45s max relative difference %.2g%n", what, worst);
    }
  }

  static void fail(String what, String why) {
    failures++;
    System.out.println("FAIL " + what + ": " + why);
  }
}
