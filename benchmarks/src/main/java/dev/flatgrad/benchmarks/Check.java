package dev.flatgrad.benchmarks;

import java.util.Locale;
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
    NetsGrad.Softmax sp = pb.softmaxSmallWithoutMaxGradient();
    same("probe: softmax without max gradient", prepend(sp.value(), flat(sp.dW())), softmax, 1e-9);

    System.out.println(failures == 0 ? "all implementations agree" : failures + " disagreements");
    System.exit(failures == 0 ? 0 : 1);
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
