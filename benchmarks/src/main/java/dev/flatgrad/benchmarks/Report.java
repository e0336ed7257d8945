package dev.flatgrad.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns a run's results into {@code results.md} (tables and ratios) and {@code ratios.png}
 * (a chart of the ratios), in the results folder: {@code jmh.json} (everything, JVM with the
 * Vector API module), {@code jmh-plain.json} (flatgrad's vectorized workloads without it),
 * {@code jmh-samediff.json}, {@code numpy.json} and {@code numpy-1thread.json}, each optional,
 * plus {@code machine.txt}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.flatgrad.benchmarks.Report benchmarks/results</pre>
 */
public final class Report {
  private static final double DOT_FLOPS = 2.0 * 256 * 3072 * 100;

  private final Map<String, double[]> m = new LinkedHashMap<>(); // key -> {ns, error, bytes}
  private final StringBuilder out = new StringBuilder();

  private Report() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
    Report r = new Report();
    r.jmh(dir.resolve("jmh.json"), "");
    r.jmh(dir.resolve("jmh-plain.json"), "plain:");
    r.jmh(dir.resolve("jmh-1thread.json"), "thread1:");
    r.jmh(dir.resolve("jmh-plain-1thread.json"), "plain-thread1:");
    r.jmh(dir.resolve("jmh-samediff.json"), "");
    r.numpy(dir.resolve("numpy.json"), "numpy:");
    r.numpy(dir.resolve("numpy-1thread.json"), "numpy1:");
    r.write(dir);
  }

  // ---- reading -------------------------------------------------------------------------------

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  @SuppressWarnings("unchecked")
  private void jmh(Path file, String prefix) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    for (Object o : (List<Object>) Json.parse(read(file))) {
      Map<String, Object> b = (Map<String, Object>) o;
      String[] parts = ((String) b.get("benchmark")).split("\\.");
      String key = prefix + parts[parts.length - 2] + "." + parts[parts.length - 1];
      if (b.get("params") instanceof Map<?, ?> params) {
        key += params.toString().replace(" ", ""); // SplineBench.forward{segments=5}
      }
      Map<String, Object> primary = (Map<String, Object>) b.get("primaryMetric");
      Map<String, Object> secondary = (Map<String, Object>) b.get("secondaryMetrics");
      double bytes = Double.NaN;
      if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> g) {
        bytes = ((Number) g.get("score")).doubleValue();
      }
      // The median of the measured iterations, and half their interquartile range: this machine
      // is shared, and a burst of someone else's work skews a mean but hardly a median.
      List<Double> its = new ArrayList<>();
      for (Object fork : (List<Object>) primary.get("rawData")) {
        for (Object it : (List<Object>) fork) {
          its.add(((Number) it).doubleValue());
        }
      }
      its.sort(null);
      m.put(key, new double[] {quantile(its, 0.5), (quantile(its, 0.75) - quantile(its, 0.25)) / 2, bytes});
    }
  }

  private static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    double at = q * (sorted.size() - 1);
    int lo = (int) Math.floor(at);
    int hi = (int) Math.ceil(at);
    return sorted.get(lo) + (at - lo) * (sorted.get(hi) - sorted.get(lo));
  }

  @SuppressWarnings("unchecked")
  private void numpy(Path file, String prefix) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Map<String, Object> root = (Map<String, Object>) Json.parse(read(file));
    Map<String, Object> results = (Map<String, Object>) root.get("results");
    for (Map.Entry<String, Object> e : results.entrySet()) {
      Map<String, Object> r = (Map<String, Object>) e.getValue();
      m.put(prefix + e.getKey(), new double[] {
          ((Number) r.get("ns")).doubleValue(), ((Number) r.get("error")).doubleValue(), Double.NaN});
    }
    Map<String, Object> meta = (Map<String, Object>) root.get("meta");
    numpyMeta.put(prefix, meta);
  }

  private final Map<String, Map<String, Object>> numpyMeta = new LinkedHashMap<>();

  private double ns(String key) {
    double[] v = m.get(key);
    return v == null ? Double.NaN : v[0];
  }

  // ---- the workloads -------------------------------------------------------------------------

  /** One row: a workload and the result key of each column (null where it does not apply). */
  private record Row(String name, String id, Map<String, String> cells) {}

  private static final String[] COLUMNS = {
    "forward", "generated", "generated (custom CDF gradient)", "hand-written",
    "generated, plain kernel", "hand-written, plain kernel",
    "Hipparchus Gradient", "Hipparchus DS", "finmath AAD",
    "SameDiff value", "SameDiff value+grad", "numpy value", "numpy value+grad", "numpy value+grad, 1 thread"
  };

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(row("Black–Scholes, 5 sensitivities", "BS",
        "forward", "BlackScholesBench.forward",
        "generated", "BlackScholesBench.generated",
        "generated (custom CDF gradient)", "BlackScholesBench.generatedCustomGradient",
        "hand-written", "BlackScholesBench.handWritten",
        "Hipparchus Gradient", "BlackScholesBench.hipparchusGradient",
        "Hipparchus DS", "BlackScholesBench.hipparchusDerivativeStructure",
        "finmath AAD", "BlackScholesBench.finmathAad"));
    rows.add(row("softmax classifier 256×100×10", "softmax-small",
        "forward", "SoftmaxSmallBench.forward",
        "generated", "SoftmaxSmallBench.generated",
        "hand-written", "SoftmaxSmallBench.handWritten",
        "generated, plain kernel", "plain:SoftmaxSmallBench.generated",
        "hand-written, plain kernel", "plain:SoftmaxSmallBench.handWritten",
        "Hipparchus Gradient", "SoftmaxSmallBench.hipparchusGradient",
        "finmath AAD", "SoftmaxSmallBench.finmathAad",
        "SameDiff value", "SameDiffBench.softmaxSmallForward",
        "SameDiff value+grad", "SameDiffBench.softmaxSmallValueGrad",
        "numpy value", "numpy:SoftmaxSmall.forward",
        "numpy value+grad", "numpy:SoftmaxSmall.valueGrad",
        "numpy value+grad, 1 thread", "numpy1:SoftmaxSmall.valueGrad"));
    rows.add(row("two-layer net 256×3072×100×10", "two-layer",
        "forward", "TwoLayerBench.forward",
        "generated", "TwoLayerBench.generated",
        "hand-written", "TwoLayerBench.handWritten",
        "generated, plain kernel", "plain:TwoLayerBench.generated",
        "hand-written, plain kernel", "plain:TwoLayerBench.handWritten",
        "SameDiff value", "SameDiffBench.twoLayerForward",
        "SameDiff value+grad", "SameDiffBench.twoLayerValueGrad",
        "numpy value", "numpy:TwoLayer.forward",
        "numpy value+grad", "numpy:TwoLayer.valueGrad",
        "numpy value+grad, 1 thread", "numpy1:TwoLayer.valueGrad"));
    rows.add(row("tanh RNN, T = 1000", "rnn",
        "forward", "LoopsBench.rnnForward",
        "generated", "LoopsBench.rnnGenerated",
        "hand-written", "LoopsBench.rnnHandWritten",
        "Hipparchus Gradient", "LoopsBench.rnnHipparchusGradient",
        "Hipparchus DS", "LoopsBench.rnnHipparchusDerivativeStructure",
        "finmath AAD", "LoopsBench.rnnFinmathAad"));
    rows.add(row("Horner, 1000 coefficients", "horner",
        "forward", "LoopsBench.hornerForward",
        "generated", "LoopsBench.hornerGenerated",
        "hand-written", "LoopsBench.hornerHandWritten",
        "Hipparchus Gradient", "LoopsBench.hornerHipparchusGradient",
        "finmath AAD", "LoopsBench.hornerFinmathAad"));
    rows.add(row("SVM 500×3073×10", "svm",
        "forward", "LinearBench.svmForward",
        "generated", "LinearBench.svmGenerated",
        "hand-written", "LinearBench.svmHandWritten",
        "generated, plain kernel", "plain:LinearBench.svmGenerated",
        "hand-written, plain kernel", "plain:LinearBench.svmHandWritten",
        "SameDiff value", "SameDiffBench.svmForward",
        "SameDiff value+grad", "SameDiffBench.svmValueGrad",
        "numpy value", "numpy:Linear.svmForward",
        "numpy value+grad", "numpy:Linear.svmValueGrad",
        "numpy value+grad, 1 thread", "numpy1:Linear.svmValueGrad"));
    rows.add(row("softmax 500×3073×10", "softmax",
        "forward", "LinearBench.softmaxForward",
        "generated", "LinearBench.softmaxGenerated",
        "hand-written", "LinearBench.softmaxHandWritten",
        "generated, plain kernel", "plain:LinearBench.softmaxGenerated",
        "hand-written, plain kernel", "plain:LinearBench.softmaxHandWritten",
        "SameDiff value", "SameDiffBench.softmaxForward",
        "SameDiff value+grad", "SameDiffBench.softmaxValueGrad",
        "numpy value", "numpy:Linear.softmaxForward",
        "numpy value+grad", "numpy:Linear.softmaxValueGrad",
        "numpy value+grad, 1 thread", "numpy1:Linear.softmaxValueGrad"));
    for (int segments : new int[] {5, 50, 500}) {
      String p = "{segments=" + segments + "}";
      rows.add(row("spline fit, 2,000 points, " + segments + " segments", "spline-" + segments,
          "forward", "SplineBench.forward" + p,
          "generated", "SplineBench.generated" + p,
          "hand-written", "SplineBench.handWritten" + p));
    }
    return rows;
  }

  private static Row row(String name, String id, String... pairs) {
    Map<String, String> cells = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      cells.put(pairs[i], pairs[i + 1]);
    }
    return new Row(name, id, cells);
  }

  // ---- writing -------------------------------------------------------------------------------

  private void write(Path dir) throws IOException {
    List<Row> rows = rows();
    line("# flatgrad benchmark results");
    line("");
    line("Written by `Report` from the JSON files beside this one (see `../README.md` for how they");
    line("were made). Times are the median of the JMH AverageTime iterations (± half their interquartile");
    line("range where that exceeds 10%: the machine is shared with other work), allocation is");
    line("`-prof gc`'s `gc.alloc.rate.norm` per call. Vector API = JVM run with");
    line("`--add-modules jdk.incubator.vector`; plain kernel = without it.");
    line("");
    Path machine = dir.resolve("machine.txt");
    if (Files.exists(machine)) {
      line("## Machine");
      line("");
      line("```");
      out.append(Files.readString(machine).strip()).append('\n');
      for (Map.Entry<String, Map<String, Object>> e : numpyMeta.entrySet()) {
        out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
      }
      line("```");
      line("");
    }

    line("## Time per call (allocation per call)");
    line("");
    List<String> used = new ArrayList<>();
    for (String c : COLUMNS) {
      for (Row r : rows) {
        String k = r.cells.get(c);
        if (k != null && m.containsKey(k)) {
          used.add(c);
          break;
        }
      }
    }
    // Two tables: flatgrad and hand-written; the peers.
    table(rows, used.subList(0, Math.min(used.size(), countFlatgradColumns(used))));
    table(rows, used.subList(countFlatgradColumns(used), used.size()));

    line("## Ratios");
    line("");
    line("| workload | generated ÷ hand-written | value+gradient ÷ value (generated ÷ forward) "
        + "| hand-written ÷ forward | finmath ÷ generated | Hipparchus ÷ generated "
        + "| SameDiff ÷ generated | generated ÷ numpy (2 threads) | generated ÷ numpy (1 thread) |");
    line("|---|---|---|---|---|---|---|---|---|");
    Map<String, double[]> chart = new LinkedHashMap<>();
    for (Row r : rows) {
      double gen = val(r, "generated");
      double custom = val(r, "generated (custom CDF gradient)");
      double hand = val(r, "hand-written");
      double fwd = val(r, "forward");
      String genHand = ratio(gen, hand)
          + (Double.isNaN(custom) ? "" : " (custom gradient: " + ratio(custom, hand) + ")");
      String gradValue = ratio(gen, fwd)
          + (Double.isNaN(custom) ? "" : " (custom gradient: " + ratio(custom, fwd) + ")");
      double best = Double.isNaN(custom) ? gen : Math.min(gen, custom);
      line("| " + r.name + " | " + genHand + " | " + gradValue + " | " + ratio(hand, fwd)
          + " | " + speed(val(r, "finmath AAD"), best)
          + " | " + speed(val(r, "Hipparchus Gradient"), best)
          + " | " + speed(val(r, "SameDiff value+grad"), gen)
          + " | " + ratio(gen, val(r, "numpy value+grad"))
          + " | " + ratio(gen, val(r, "numpy value+grad, 1 thread")) + " |");
      chart.put(r.name, new double[] {
          gen / hand, gen / fwd, gen / val(r, "numpy value+grad, 1 thread"),
          val(r, "finmath AAD") / best, val(r, "Hipparchus Gradient") / best,
          val(r, "SameDiff value+grad") / gen});
    }
    line("");

    line("## What generated patterns cost (ProbeBench: the generated code with one change)");
    line("");
    line("| probe | generated | generated, changed | hand-written | cost of the pattern |");
    line("|---|---|---|---|---|");
    for (String[] p : new String[][] {
        {"Black–Scholes: callee's backward reuses its forward (`normCdf(d1).dx()` recomputes it)",
            "BlackScholesBench.generated", "ProbeBench.blackScholesNoRecompute", "BlackScholesBench.handWritten"},
        {"tanh RNN: per-call `new DoubleStack(x.length)` instead of the pooled `DoubleStack.borrow()`",
            "LoopsBench.rnnGenerated", "ProbeBench.rnnPresizedStack", "LoopsBench.rnnHandWritten"},
        {"Horner: per-call `new DoubleStack(c.length)` instead of the pooled `DoubleStack.borrow()`",
            "LoopsBench.hornerGenerated", "ProbeBench.hornerPresizedStack", "LoopsBench.hornerHandWritten"},
        {"softmax 256×100×10: no gradient through the stabilising max",
            "SoftmaxSmallBench.generated", "ProbeBench.softmaxSmallWithoutMaxGradient", "SoftmaxSmallBench.handWritten"},
        {"softmax 500×3073×10: no gradient through the stabilising max",
            "LinearBench.softmaxGenerated", "ProbeBench.softmaxWithoutMaxGradient", "LinearBench.softmaxHandWritten"}}) {
      double g = ns(p[1]);
      double c = ns(p[2]);
      if (Double.isNaN(g) || Double.isNaN(c)) {
        continue;
      }
      line("| " + p[0] + " | " + cell(m.get(p[1])) + " | " + cell(m.get(p[2])) + " | "
          + (m.containsKey(p[3]) ? cell(m.get(p[3])) : "–") + " | "
          + (g >= c ? time(g - c) : "−" + time(c - g))
          + String.format(Locale.ROOT, " (%.0f%% of generated)", 100 * (g - c) / g) + " |");
    }
    line("");

    line("## Matrix products at the two-layer shapes (2·256·3072·100 flops)");
    line("");
    line("| product | Nd, Vector API, all threads | Nd, Vector API, 1 thread | Nd, plain kernel, all"
        + " threads | Nd, plain kernel, 1 thread | numpy, 1 thread | numpy, all threads |");
    line("|---|---|---|---|---|---|---|");
    for (String[] p : new String[][] {
        {"dot(X, W1): 256×3072 · 3072×100", "dot"},
        {"transposeDot(X, dh1): Xᵀ · dh1, 3072×256 · 256×100", "transposeDot"},
        {"dotTranspose(dh1, W1): dh1 · W1ᵀ, 256×100 · 100×3072", "dotTranspose"}}) {
      line("| " + p[0] + " | " + gflops("DotBench." + p[1]) + " | " + gflops("thread1:DotBench." + p[1])
          + " | " + gflops("plain:DotBench." + p[1]) + " | " + gflops("plain-thread1:DotBench." + p[1])
          + " | " + gflops("numpy1:Dot." + p[1]) + " | " + gflops("numpy:Dot." + p[1]) + " |");
    }
    line("");
    Files.writeString(dir.resolve("results.md"), out.toString());
    chart(dir.resolve("ratios.png"), chart);
    System.out.println("wrote " + dir.resolve("results.md") + " and " + dir.resolve("ratios.png"));
  }

  private static int countFlatgradColumns(List<String> used) {
    int n = 0;
    for (String c : used) {
      if (c.startsWith("forward") || c.startsWith("generated") || c.startsWith("hand-written")) {
        n++;
      }
    }
    return n;
  }

  private void table(List<Row> rows, List<String> columns) {
    if (columns.isEmpty()) {
      return;
    }
    StringBuilder h = new StringBuilder("| workload |");
    StringBuilder s = new StringBuilder("|---|");
    for (String c : columns) {
      h.append(' ').append(c).append(" |");
      s.append("---|");
    }
    line(h.toString());
    line(s.toString());
    for (Row r : rows) {
      StringBuilder b = new StringBuilder("| ").append(r.name).append(" |");
      for (String c : columns) {
        String k = r.cells.get(c);
        double[] v = k == null ? null : m.get(k);
        b.append(' ').append(v == null ? "–" : cell(v)).append(" |");
      }
      line(b.toString());
    }
    line("");
  }

  private double val(Row r, String column) {
    String k = r.cells.get(column);
    return k == null ? Double.NaN : ns(k);
  }

  private String gflops(String key) {
    double t = ns(key);
    return Double.isNaN(t) ? "–" : String.format(Locale.ROOT, "%.1f GFLOP/s (%s)", DOT_FLOPS / t, time(t));
  }

  private static String cell(double[] v) {
    String t = time(v[0]);
    if (!Double.isNaN(v[1]) && v[1] / v[0] > 0.1) {
      t += String.format(Locale.ROOT, " ±%.0f%%", 100 * v[1] / v[0]);
    }
    return Double.isNaN(v[2]) ? t : t + " (" + bytes(v[2]) + ")";
  }

  static String time(double ns) {
    if (ns < 1e3) {
      return String.format(Locale.ROOT, "%.0f ns", ns);
    } else if (ns < 1e6) {
      return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    } else if (ns < 1e9) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
  }

  static String bytes(double b) {
    if (b < 1024) {
      return String.format(Locale.ROOT, "%.0f B", b);
    } else if (b < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", b / 1024);
    }
    return String.format(Locale.ROOT, "%.1f MB", b / (1 << 20));
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static String speed(double peer, double ours) {
    return Double.isNaN(peer) || Double.isNaN(ours)
        ? "–"
        : String.format(Locale.ROOT, "%.1f×", peer / ours);
  }

  private void line(String s) {
    out.append(s).append('\n');
  }

  // ---- the chart -----------------------------------------------------------------------------

  private static void chart(Path file, Map<String, double[]> data) throws IOException {
    List<String> names = new ArrayList<>(data.keySet());
    CategoryChart left = new CategoryChartBuilder().width(1100).height(520)
        .title("flatgrad: generated value+gradient, ratios (lower is better)")
        .yAxisTitle("ratio").build();
    String[] series = {"generated ÷ hand-written", "value+gradient ÷ value", "generated ÷ numpy (1 thread)"};
    for (int s = 0; s < series.length; s++) {
      List<Number> ys = new ArrayList<>();
      for (String n : names) {
        double v = data.get(n)[s];
        ys.add(Double.isNaN(v) ? 0.0 : v);
      }
      left.addSeries(series[s], names, ys);
    }
    left.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    left.getStyler().setXAxisLabelRotation(12);
    left.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    CategoryChart right = new CategoryChartBuilder().width(1100).height(520)
        .title("speed-up of flatgrad's generated code over the peers (log scale, higher is better)")
        .yAxisTitle("peer time ÷ generated time").build();
    String[] peers = {"finmath AAD", "Hipparchus Gradient", "SameDiff"};
    for (int s = 0; s < peers.length; s++) {
      List<Number> ys = new ArrayList<>();
      for (String n : names) {
        double v = data.get(n)[3 + s];
        ys.add(Double.isNaN(v) || v <= 0 ? null : v);
      }
      right.addSeries(peers[s], names, ys);
    }
    right.getStyler().setYAxisLogarithmic(true);
    right.getStyler().setYAxisMin(1.0);
    right.getStyler().setDefaultSeriesRenderStyle(
        org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
    right.getStyler().setMarkerSize(14);
    right.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    right.getStyler().setXAxisLabelRotation(12);
    right.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    java.awt.image.BufferedImage a = BitmapEncoder.getBufferedImage(left);
    java.awt.image.BufferedImage b = BitmapEncoder.getBufferedImage(right);
    java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(
        a.getWidth(), a.getHeight() + b.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = both.createGraphics();
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, 0, a.getHeight(), null);
    g.dispose();
    javax.imageio.ImageIO.write(both, "png", file.toFile());
  }
}
