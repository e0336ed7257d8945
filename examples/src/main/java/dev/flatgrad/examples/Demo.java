package dev.flatgrad.examples;

import dev.flatgrad.examples.layers.FullyConnectedNet;
import dev.flatgrad.examples.layers.FullyConnectedNetGrad;
import dev.flatgrad.examples.layers.LayersGrad;
import dev.flatgrad.examples.lecture.CircuitsGrad;
import dev.flatgrad.examples.lecture.VectorsGrad;
import dev.flatgrad.examples.linear.LinearClassifiersGrad;
import dev.flatgrad.examples.net.TwoLayerNetGrad;
import dev.flatgrad.examples.second.BlackScholesGrad;
import dev.flatgrad.examples.second.LogisticRegressionGrad;
import dev.flatgrad.examples.second.SecondOrderDemo;
import dev.flatgrad.examples.train.SpiralDemo;
import dev.flatgrad.runtime.GradCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The main job: for every example method, its value and generated gradient, a numeric check of
 * that gradient, and where the generated code lives. Exits with status 1 if any check fails.
 */
public final class Demo {

  /** Backward passes up to this many lines are printed under their example. */
  private static final int MAX_CODE_LINES = 24;

  /** Where javac writes the generated sources, relative to the examples module. */
  private static final String GENERATED = "target/generated-sources/annotations/";

  private Demo() {}

  /** One {@code @Differentiable} example evaluated at one point. */
  record Example(
      String name,
      String what,
      String at,
      Class<?> gradClass,
      String method,
      Supplier<Record> gradient,
      Supplier<GradCheck.Report> check) {}

  /** What the check of one example found. */
  private record Outcome(Example example, GradCheck.Report report, String error) {
    boolean passed() {
      return error == null && report.passed();
    }
  }

  public static void main(String[] args) {
    // The pictures are drawn off-screen; never look for a display.
    System.setProperty("java.awt.headless", "true");
    boolean passed = run(System.out);
    if (!passed) {
      System.exit(1);
    }
  }

  /**
   * The whole demo: every example's gradient check, then training on the spiral; whether every
   * check passed and the two-layer net learned the spiral.
   */
  public static boolean run(PrintStream out) {
    return run(out, examples(), true);
  }

  /**
   * Checks {@code examples} and, if {@code train}, trains on the spiral, printing to {@code out};
   * whether everything passed.
   */
  static boolean run(PrintStream out, List<Example> examples, boolean train) {
    long start = System.nanoTime();
    out.println();
    out.println("flatgrad demo: gradients generated at compile time from plain Java");
    out.println("=".repeat(74));
    out.println("Each example is a @Differentiable method, written with loops or with Nd (numpy's");
    out.println("vocabulary); flatgrad generated the backward code below it. Every gradient is");
    out.println("checked against 4-point centred differences of the original method (relative");
    out.println("error <= 1e-7 passes); for a layer returning an array, the check is of the");
    out.println("vector-Jacobian product with the upstream gradient dout.");

    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      out.println();
      out.printf(Locale.ROOT, "[%d/%d] %s%n", i + 1, examples.size(), e.name());
      out.println("      " + e.what());
      out.println("      at " + e.at());
      outcomes.add(show(out, e));
    }

    SpiralDemo.Outcome training = train ? SpiralDemo.run(out, outputDirectory()) : null;
    boolean newton = !train || SecondOrderDemo.run(out);

    out.println();
    out.println("Summary");
    out.println("-------");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"example", "entries", "max rel error", "result"});
    int entries = 0;
    double worst = 0;
    List<String> failed = new ArrayList<>();
    for (Outcome o : outcomes) {
      int checked = o.report() == null ? 0 : o.report().rows().stream()
          .mapToInt(GradCheck.Row::checked).sum();
      entries += checked;
      if (o.report() != null) {
        worst = Double.isNaN(o.report().maxError()) ? Double.NaN
            : Math.max(worst, o.report().maxError());
      }
      rows.add(new String[] {
        o.example().name(),
        Integer.toString(checked),
        o.report() == null ? "-" : String.format(Locale.ROOT, "%.1e", o.report().maxError()),
        o.passed() ? "ok" : "FAIL"
      });
      if (!o.passed()) {
        failed.add(o.example().name());
      }
    }
    printTable(out, "  ", rows);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println();
    if (failed.isEmpty()) {
      out.printf(Locale.ROOT,
          "All %d gradient checks passed: %d entries, max relative error %.1e.%n",
          outcomes.size(), entries, worst);
    } else {
      out.printf(Locale.ROOT, "%d of %d gradient checks FAILED: %s%n",
          failed.size(), outcomes.size(), String.join(", ", failed));
    }
    if (training != null) {
      out.println(training.verdict());
    }
    out.printf(Locale.ROOT, "Done in %.1f s.%n", seconds);
    out.println();
    if (!newton) {
      out.println("Newton-CG did not converge in 10 iterations.");
    }
    return failed.isEmpty() && (training == null || training.passed()) && newton;
  }

  /** {@code examples/target} from the repository root, else {@code target}. */
  private static Path outputDirectory() {
    Path fromRoot = Paths.get("examples", "target");
    return Files.isDirectory(fromRoot) ? fromRoot : Paths.get("target");
  }

  static List<Example> examples() {
    List<Example> list = new ArrayList<>();
    list.add(new Example(
        "Circuits.addMultiply",
        "f(x, y, z) = (x + y) z: the add gate distributes, the mul gate swaps",
        "x = -2, y = 5, z = -4",
        CircuitsGrad.class, "addMultiply",
        () -> CircuitsGrad.addMultiply(-2, 5, -4),
        () -> CircuitsGrad.checkAddMultiply(-2, 5, -4)));
    list.add(new Example(
        "Circuits.neuron",
        "f = sigmoid(w0 x0 + w1 x1 + w2): one sigmoid gate",
        "w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3",
        CircuitsGrad.class, "neuron",
        () -> CircuitsGrad.neuron(2, -1, -3, -2, -3),
        () -> CircuitsGrad.checkNeuron(2, -1, -3, -2, -3)));

    double[][] w = {{0.1, 0.5}, {-0.3, 0.8}};
    double[] x = {0.2, 0.4};
    list.add(new Example(
        "Vectors.squaredNormOfProduct",
        "f = ||W x||^2 with loops over W[i][j]: dW = 2 q x^T, dx = 2 W^T q",
        "W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4]",
        VectorsGrad.class, "squaredNormOfProduct",
        () -> VectorsGrad.squaredNormOfProduct(w, x),
        () -> VectorsGrad.checkSquaredNormOfProduct(w, x)));
    list.add(new Example(
        "Vectors.squaredNormOfProductNd",
        "f = ||W x||^2 with Nd: q = Nd.dot(W, x), f = Nd.sum(Nd.square(q))",
        "W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4]",
        VectorsGrad.class, "squaredNormOfProductNd",
        () -> VectorsGrad.squaredNormOfProductNd(w, x),
        () -> VectorsGrad.checkSquaredNormOfProductNd(w, x)));

    double[] r = {1, -2, 3, -1};
    double[] upstream = {4, -1, 5, 9};
    list.add(new Example(
        "Vectors.reluThenDot",
        "f = sum_i upstream[i] max(0, x[i]): relu's backward is a mask",
        "x = [1, -2, 3, -1], upstream = [4, -1, 5, 9]",
        VectorsGrad.class, "reluThenDot",
        () -> VectorsGrad.reluThenDot(r, upstream),
        () -> VectorsGrad.checkReluThenDot(r, upstream)));

    double[] s = {3.2, 5.1, -1.7};
    list.add(new Example(
        "Vectors.softmaxCrossEntropy",
        "f = -log softmax(s)[y], running max subtracted: ds = softmax(s) - onehot(y)",
        "s = [3.2, 5.1, -1.7], y = 0",
        VectorsGrad.class, "softmaxCrossEntropy",
        () -> VectorsGrad.softmaxCrossEntropy(s, 0),
        () -> VectorsGrad.checkSoftmaxCrossEntropy(s, 0)));

    Random random = new Random(42);
    double[][] netX = normal(random, 8, 4, 1);
    double[][] netY = normal(random, 8, 3, 1);
    double[][] w1 = normal(random, 4, 6, 0.5);
    double[][] w2 = normal(random, 6, 3, 0.5);
    String sigmoidAt = "random x (8x4), y (8x3), w1 (4x6), w2 (6x3), seed 42";
    list.add(new Example(
        "Vectors.sigmoidNet",
        "h = sigmoid(x w1), loss = sum((h w2 - y)^2), loops: the notes' two-layer net",
        sigmoidAt,
        VectorsGrad.class, "sigmoidNet",
        () -> VectorsGrad.sigmoidNet(netX, netY, w1, w2),
        () -> VectorsGrad.checkSigmoidNet(netX, netY, w1, w2)));
    list.add(new Example(
        "Vectors.sigmoidNetNd",
        "the same net with Nd, line for line the notes' numpy code",
        sigmoidAt,
        VectorsGrad.class, "sigmoidNetNd",
        () -> VectorsGrad.sigmoidNetNd(netX, netY, w1, w2),
        () -> VectorsGrad.checkSigmoidNetNd(netX, netY, w1, w2)));

    int n = 50;
    int d = 20;
    int c = 5;
    double[][] weights = normal(random, d, c, 0.3);
    double[][] samples = normal(random, n, d, 1);
    int[] labels = labels(random, n, c);
    String data = "random W (20x5), X (50x20), y in 0..4, reg = 0.1, seed 42";
    list.add(new Example(
        "LinearClassifiers.svmLossNaive",
        "multiclass SVM loss, loops over samples and classes (CS231n svm_loss_naive)",
        data,
        LinearClassifiersGrad.class, "svmLossNaive",
        () -> LinearClassifiersGrad.svmLossNaive(weights, samples, labels, 0.1),
        () -> LinearClassifiersGrad.checkSvmLossNaive(weights, samples, labels, 0.1)));
    list.add(new Example(
        "LinearClassifiers.svmLossVectorized",
        "multiclass SVM loss with Nd (CS231n svm_loss_vectorized)",
        data,
        LinearClassifiersGrad.class, "svmLossVectorized",
        () -> LinearClassifiersGrad.svmLossVectorized(weights, samples, labels, 0.1),
        () -> LinearClassifiersGrad.checkSvmLossVectorized(weights, samples, labels, 0.1)));
    list.add(new Example(
        "LinearClassifiers.softmaxLossNaive",
        "softmax loss, loops, running max subtracted (CS231n softmax_loss_naive)",
        data,
        LinearClassifiersGrad.class, "softmaxLossNaive",
        () -> LinearClassifiersGrad.softmaxLossNaive(weights, samples, labels, 0.1),
        () -> LinearClassifiersGrad.checkSoftmaxLossNaive(weights, samples, labels, 0.1)));
    list.add(new Example(
        "LinearClassifiers.softmaxLossVectorized",
        "softmax loss with Nd, row maxima subtracted (CS231n softmax_loss_vectorized)",
        data,
        LinearClassifiersGrad.class, "softmaxLossVectorized",
        () -> LinearClassifiersGrad.softmaxLossVectorized(weights, samples, labels, 0.1),
        () -> LinearClassifiersGrad.checkSoftmaxLossVectorized(weights, samples, labels, 0.1)));

    // Its own seed: a relu pre-activation within the numeric step of 0 (a kink) would spoil
    // the centred differences, not the generated gradient; at this point all are far from 0.
    Random netRandom = new Random(1);
    double[][] netX2 = normal(netRandom, 10, 2, 1);
    int[] netLabels = labels(netRandom, 10, 3);
    double[][] nW1 = normal(netRandom, 2, 8, 1);
    double[] nb1 = normal(netRandom, 1, 8, 0.1)[0];
    double[][] nW2 = normal(netRandom, 8, 3, 1);
    double[] nb2 = normal(netRandom, 1, 3, 0.1)[0];
    String netAt = "random X (10x2), y in 0..2, W1 (2x8), b1, W2 (8x3), b2, reg = 1e-3, seed 1";
    list.add(new Example(
        "TwoLayerNet.loss",
        "h1 = maximum(0, X W1 + b1), scores = h1 W2 + b2, softmax loss + L2, with Nd",
        netAt,
        TwoLayerNetGrad.class, "loss",
        () -> TwoLayerNetGrad.loss(netX2, netLabels, nW1, nb1, nW2, nb2, 1e-3),
        () -> TwoLayerNetGrad.checkLoss(netX2, netLabels, nW1, nb1, nW2, nb2, 1e-3)));
    list.add(new Example(
        "TwoLayerNet.lossLoops",
        "the same net written with loops",
        netAt,
        TwoLayerNetGrad.class, "lossLoops",
        () -> TwoLayerNetGrad.lossLoops(netX2, netLabels, nW1, nb1, nW2, nb2, 1e-3),
        () -> TwoLayerNetGrad.checkLossLoops(netX2, netLabels, nW1, nb1, nW2, nb2, 1e-3)));

    Random layerRandom = new Random(3);
    double[][] lx = normal(layerRandom, 6, 4, 1);
    double[][] lw = normal(layerRandom, 4, 5, 0.7);
    double[] lb = normal(layerRandom, 1, 5, 0.1)[0];
    double[][] ldout = normal(layerRandom, 6, 5, 1);
    double[][] scores = normal(layerRandom, 6, 5, 2);
    int[] ly = labels(layerRandom, 6, 5);
    String layerAt = "random x (6x4), w (4x5), b (5), dout (6x5), seed 3";
    String lossAt = "random scores (6x5), y in 0..4, seed 3";
    list.add(new Example(
        "Layers.affine",
        "x w + b; generated with dout: affine_backward",
        layerAt,
        LayersGrad.class, "affine",
        () -> LayersGrad.affine(lx, lw, lb, ldout),
        () -> LayersGrad.checkAffine(lx, lw, lb, ldout)));
    list.add(new Example(
        "Layers.relu",
        "maximum(0, x); generated with dout: relu_backward, a mask",
        "random x (6x5), dout (6x5), seed 3",
        LayersGrad.class, "relu",
        () -> LayersGrad.relu(scores, ldout),
        () -> LayersGrad.checkRelu(scores, ldout)));
    list.add(new Example(
        "Layers.affineRelu",
        "relu(affine(x, w, b)): its backward calls relu's, then affine's",
        layerAt,
        LayersGrad.class, "affineRelu",
        () -> LayersGrad.affineRelu(lx, lw, lb, ldout),
        () -> LayersGrad.checkAffineRelu(lx, lw, lb, ldout)));
    list.add(new Example(
        "Layers.softmaxLoss",
        "mean -log softmax(x)[y]: dx = (softmax(x) - onehot(y)) / N",
        lossAt,
        LayersGrad.class, "softmaxLoss",
        () -> LayersGrad.softmaxLoss(scores, ly),
        () -> LayersGrad.checkSoftmaxLoss(scores, ly)));
    list.add(new Example(
        "Layers.svmLoss",
        "mean hinge loss with margin 1, correct class masked out",
        lossAt,
        LayersGrad.class, "svmLoss",
        () -> LayersGrad.svmLoss(scores, ly),
        () -> LayersGrad.checkSvmLoss(scores, ly)));
    list.add(new Example(
        "Layers.softplus",
        "stable log(1 + e^x) with a hand-written @CustomGradient, checked numerically",
        "random x (6x5) times 2, dout (6x5), seed 3",
        LayersGrad.class, "softplus",
        () -> LayersGrad.softplus(scores, ldout),
        () -> LayersGrad.checkSoftplus(scores, ldout)));
    list.add(new Example(
        "Layers.affineSoftplus",
        "softplus(affine(x, w, b)): the custom gradient used at a call site",
        layerAt,
        LayersGrad.class, "affineSoftplus",
        () -> LayersGrad.affineSoftplus(lx, lw, lb, ldout),
        () -> LayersGrad.checkAffineSoftplus(lx, lw, lb, ldout)));

    int[] dims = {5, 8, 6, 3};
    Random fcRandom = new Random(4);
    double[][] fx = normal(fcRandom, 10, 5, 1);
    int[] fy = labels(fcRandom, 10, 3);
    double[][][] Ws = FullyConnectedNet.initWeights(dims, 0.7, 4);
    double[][] bs = FullyConnectedNet.zeroBiases(dims);
    for (double[] b : bs) {
      for (int i = 0; i < b.length; i++) {
        b[i] = 0.1 * fcRandom.nextGaussian();
      }
    }
    FullyConnectedNet net = new FullyConnectedNet(1e-3);
    list.add(new Example(
        "FullyConnectedNet.loss",
        "a loop over layers calling affineRelu, then affine, softmaxLoss and L2 (5-8-6-3)",
        "random X (10x5), y in 0..2, Ws (5x8, 8x6, 6x3), bs (8, 6, 3), reg = 1e-3, seed 4",
        FullyConnectedNetGrad.class, "loss",
        () -> FullyConnectedNetGrad.loss(net, fx, fy, Ws, bs),
        () -> FullyConnectedNetGrad.checkLoss(net, fx, fy, Ws, bs)));

    double[][] rx = normal(new Random(5), 30, 4, 1);
    double[] ry = new double[30];
    for (int i = 0; i < ry.length; i++) {
      ry[i] = i % 3 == 0 ? 1 : 0;
    }
    double[] rw = {0.3, -0.5, 0.2, 0.8};
    double[] rv = {1.0, -0.5, 0.25, 2.0};
    list.add(new Example(
        "LogisticRegression.loss",
        "logistic regression, stable softplus in a loop; with hessian = true, its tangent and H.v checked too",
        "random X (30x4), y 0 or 1, w = [0.3, -0.5, 0.2, 0.8], reg = 0.01, direction v = [1, -0.5, 0.25, 2], seed 5",
        LogisticRegressionGrad.class, "loss",
        () -> LogisticRegressionGrad.loss(rw, rx, ry, 0.01),
        () -> merged(LogisticRegressionGrad.checkLoss(rw, rx, ry, 0.01),
            LogisticRegressionGrad.checkLossTangent(rw, rx, ry, 0.01, rv),
            LogisticRegressionGrad.checkLossHvp(rw, rx, ry, 0.01, rv))));
    list.add(new Example(
        "BlackScholes.normCdf",
        "the normal CDF by Abramowitz-Stegun 26.2.17, as quants write it; tangent and H.v checked too",
        "x = 0.3, direction 1",
        BlackScholesGrad.class, "normCdf",
        () -> BlackScholesGrad.normCdf(0.3),
        () -> merged(BlackScholesGrad.checkNormCdf(0.3), BlackScholesGrad.checkNormCdfTangent(0.3, 1.0),
            BlackScholesGrad.checkNormCdfHvp(0.3, 1.0))));
    list.add(new Example(
        "BlackScholes.call",
        "a European call: 5 first-order Greeks from the gradient, gamma, vanna, volga from the Hessian",
        "S = 100, K = 95, T = 0.75, r = 0.03, sigma = 0.25, direction (0.3, -0.2, 0.1, 0.05, 0.4)",
        BlackScholesGrad.class, "call",
        () -> BlackScholesGrad.call(100, 95, 0.75, 0.03, 0.25),
        () -> merged(BlackScholesGrad.checkCall(100, 95, 0.75, 0.03, 0.25),
            BlackScholesGrad.checkCallTangent(100, 95, 0.75, 0.03, 0.25, 0.3, -0.2, 0.1, 0.05, 0.4),
            BlackScholesGrad.checkCallHvp(100, 95, 0.75, 0.03, 0.25, 0.3, -0.2, 0.1, 0.05, 0.4))));
    return list;
  }

  /** One report of the rows of several: a gradient's check, and its tangent's and H.v's. */
  private static GradCheck.Report merged(GradCheck.Report... reports) {
    List<GradCheck.Row> rows = new ArrayList<>();
    for (GradCheck.Report r : reports) {
      rows.addAll(r.rows());
    }
    return new GradCheck.Report(reports[0].options(), rows);
  }

  private static int[] labels(Random random, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  private static double[][] normal(Random random, int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return m;
  }

  /** Prints the value, the gradient, the check and the source of one example. */
  private static Outcome show(PrintStream out, Example e) {
    GradCheck.Report report = null;
    try {
      Record grad = e.gradient().get();
      List<String[]> lines = new ArrayList<>();
      for (RecordComponent rc : grad.getClass().getRecordComponents()) {
        lines.add(new String[] {rc.getName(), Show.value(rc.getAccessor().invoke(grad))});
      }
      out.println();
      printTable(out, "      ", lines);
      report = e.check().get();
      out.println();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"check", "entries", "max rel error", "worst at", "analytic",
          "numeric", ""});
      for (GradCheck.Row row : report.rows()) {
        rows.add(new String[] {
          "d" + row.name(),
          row.checked() + "/" + row.size(),
          String.format(Locale.ROOT, "%.1e", row.maxError()),
          row.worstIndex(),
          Show.number(row.analytic()),
          Show.number(row.numeric()),
          row.passed() ? "ok" : "FAIL"
        });
      }
      printTable(out, "      ", rows);
      out.println();
      String where = source(e.gradClass(), e.method());
      List<String> backward = backwardPass(e.gradClass(), e.method());
      if (!backward.isEmpty() && backward.size() <= MAX_CODE_LINES) {
        out.println("      generated backward pass (" + where + "):");
        for (String line : backward) {
          out.println("        | " + line);
        }
      } else if (!backward.isEmpty()) {
        out.println("      generated backward pass: " + backward.size() + " lines in " + where);
      } else {
        out.println("      generated: " + where);
      }
      return new Outcome(e, report, null);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException ex) {
      Throwable cause = ex instanceof InvocationTargetException ? ex.getCause() : ex;
      out.println("      ERROR: " + cause);
      return new Outcome(e, report, String.valueOf(cause));
    }
  }

  /** The generated file of {@code gradClass}, relative to the working directory, or null. */
  private static Path generatedFile(Class<?> gradClass) {
    String relative = GENERATED + gradClass.getName().replace('.', '/') + ".java";
    for (String base : new String[] {"examples/", ""}) {
      Path path = Paths.get(base + relative);
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    return null;
  }

  /**
   * Where the generated source of {@code method} in {@code gradClass} is, as a path relative to
   * the working directory with the line of the method, the way compilers print locations.
   */
  static String source(Class<?> gradClass, String method) {
    Path path = generatedFile(gradClass);
    if (path == null) {
      return "examples/" + GENERATED + gradClass.getName().replace('.', '/') + ".java";
    }
    List<String> lines = read(path);
    for (int i = 0; i < lines.size(); i++) {
      if (isDeclaration(lines.get(i), method)) {
        return path.toString().replace('\\', '/') + ":" + (i + 1);
      }
    }
    return path.toString().replace('\\', '/');
  }

  /** The generated lines from {@code // backward pass} to the return, dedented; or none. */
  static List<String> backwardPass(Class<?> gradClass, String method) {
    Path path = generatedFile(gradClass);
    List<String> lines = path == null ? List.of() : read(path);
    List<String> code = new ArrayList<>();
    boolean inMethod = false;
    boolean inBackward = false;
    for (String line : lines) {
      if (isDeclaration(line, method)) {
        inMethod = true;
      } else if (inMethod && line.trim().equals("// backward pass")) {
        inBackward = true;
      } else if (inBackward) {
        if (line.trim().startsWith("return ")) {
          break;
        }
        code.add(line.length() >= 8 ? line.substring(8) : line.trim());
      }
    }
    return code;
  }

  private static boolean isDeclaration(String line, String method) {
    String l = line.trim();
    return l.startsWith("public static") && !l.contains("GradCheck")
        && l.contains(" " + method + "(");
  }

  private static List<String> read(Path path) {
    try {
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Prints rows of cells left-aligned in columns, each line prefixed by {@code indent}. */
  static void printTable(PrintStream out, String indent, List<String[]> rows) {
    int columns = 0;
    for (String[] row : rows) {
      columns = Math.max(columns, row.length);
    }
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
