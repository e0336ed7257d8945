package dev.flatgrad.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DL4J SameDiff (nd4j-native, its own OpenBLAS and OpenMP threads: both cores) on the vectorized
 * workloads: the graph is built once, as in a training loop, and each call feeds the data as
 * placeholders. Value = {@code output(loss)}; value + gradient = {@code
 * calculateGradientsAndOutputs}. Built only with {@code -Psamediff}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SameDiffBench {
  private Graph softmaxSmall;
  private Graph svm;
  private Graph softmax;
  private Graph twoLayer;

  /** A built graph, its placeholders' values and the variables to differentiate. */
  record Graph(SameDiff sd, Map<String, INDArray> feed, List<String> wrt) {
    double value() {
      return sd.output(feed, "loss").get("loss").getDouble(0);
    }

    OutAndGrad valueAndGradient() {
      return sd.calculateGradientsAndOutputs(feed, List.of("loss"), wrt);
    }
  }

  @Setup(Level.Trial)
  public void build() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    Data.Linear small = new Data.Linear(256, 100, 10);
    softmaxSmall = linear(small, false);
    Data.Linear big = new Data.Linear(500, 3073, 10);
    svm = linear(big, true);
    softmax = linear(big, false);
    twoLayer = twoLayer(new Data.TwoLayer(256, 3072, 100, 10));
  }

  static INDArray oneHot(int[] y, int classes) {
    double[][] m = new double[y.length][classes];
    for (int i = 0; i < y.length; i++) {
      m[i][y[i]] = 1.0;
    }
    return Nd4j.createFromArray(m);
  }

  static Graph linear(Data.Linear p, boolean svm) {
    SameDiff sd = SameDiff.create();
    int n = p.X.length;
    int dim = p.W.length;
    int classes = p.W[0].length;
    SDVariable x = sd.placeHolder("X", DataType.DOUBLE, -1, dim);
    SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, classes);
    SDVariable w = sd.var("W", Nd4j.createFromArray(p.W));
    SDVariable scores = x.mmul(w);
    SDVariable dataLoss;
    if (svm) {
      SDVariable correct = scores.mul(y).sum(true, 1);
      SDVariable margins = sd.nn.relu(scores.sub(correct).add(1.0), 0.0);
      dataLoss = margins.sum().sub((double) n).div((double) n);
    } else {
      dataLoss = sd.loss.softmaxCrossEntropy(y, scores, null);
    }
    SDVariable loss = dataLoss.add(sd.math.square(w).sum().mul(p.reg)).rename("loss");
    sd.setLossVariables(loss);
    return new Graph(
        sd, Map.of("X", Nd4j.createFromArray(p.X), "y", oneHot(p.y, classes)), List.of("W"));
  }

  static Graph twoLayer(Data.TwoLayer p) {
    SameDiff sd = SameDiff.create();
    int dim = p.W1.length;
    int classes = p.W2[0].length;
    SDVariable x = sd.placeHolder("X", DataType.DOUBLE, -1, dim);
    SDVariable y = sd.placeHolder("y", DataType.DOUBLE, -1, classes);
    SDVariable w1 = sd.var("W1", Nd4j.createFromArray(p.W1));
    SDVariable b1 = sd.var("b1", Nd4j.createFromArray(new double[][] {p.b1}));
    SDVariable w2 = sd.var("W2", Nd4j.createFromArray(p.W2));
    SDVariable b2 = sd.var("b2", Nd4j.createFromArray(new double[][] {p.b2}));
    SDVariable h1 = sd.nn.relu(x.mmul(w1).add(b1), 0.0);
    SDVariable scores = h1.mmul(w2).add(b2);
    SDVariable dataLoss = sd.loss.softmaxCrossEntropy(y, scores, null);
    SDVariable regLoss = sd.math.square(w1).sum().add(sd.math.square(w2).sum()).mul(p.reg);
    SDVariable loss = dataLoss.add(regLoss).rename("loss");
    sd.setLossVariables(loss);
    return new Graph(
        sd,
        Map.of("X", Nd4j.createFromArray(p.X), "y", oneHot(p.y, classes)),
        List.of("W1", "b1", "W2", "b2"));
  }

  @Benchmark
  public double softmaxSmallForward() {
    return softmaxSmall.value();
  }

  @Benchmark
  public OutAndGrad softmaxSmallValueGrad() {
    return softmaxSmall.valueAndGradient();
  }

  @Benchmark
  public double svmForward() {
    return svm.value();
  }

  @Benchmark
  public OutAndGrad svmValueGrad() {
    return svm.valueAndGradient();
  }

  @Benchmark
  public double softmaxForward() {
    return softmax.value();
  }

  @Benchmark
  public OutAndGrad softmaxValueGrad() {
    return softmax.valueAndGradient();
  }

  @Benchmark
  public double twoLayerForward() {
    return twoLayer.value();
  }

  @Benchmark
  public OutAndGrad twoLayerValueGrad() {
    return twoLayer.valueAndGradient();
  }

  /** Checks SameDiff's values and gradients against the hand-written ones; run by run.sh. */
  public static void main(String[] args) {
    SameDiffBench b = new SameDiffBench();
    b.build();
    Data.Linear big = new Data.Linear(500, 3073, 10);
    Data.Linear small = new Data.Linear(256, 100, 10);
    compare("SameDiff softmax 256x100", b.softmaxSmall, NetsHand.softmax(small.W, small.X, small.y, small.reg));
    compare("SameDiff SVM", b.svm, NetsHand.svm(big.W, big.X, big.y, big.reg));
    compare("SameDiff softmax 500x3073", b.softmax, NetsHand.softmax(big.W, big.X, big.y, big.reg));
    Data.TwoLayer t = new Data.TwoLayer(256, 3072, 100, 10);
    NetsHand.TwoLayer h = NetsHand.twoLayer(t.X, t.y, t.W1, t.b1, t.W2, t.b2, t.reg);
    OutAndGrad g = b.twoLayer.valueAndGradient();
    Check.same("SameDiff two-layer",
        Check.prepend(g.getOutputs().get("loss").getDouble(0), Check.concat(
            Check.flat(g.getGradients().get("W1").toDoubleMatrix()),
            g.getGradients().get("b1").toDoubleVector(),
            Check.flat(g.getGradients().get("W2").toDoubleMatrix()),
            g.getGradients().get("b2").toDoubleVector())),
        Check.prepend(h.loss(), Check.concat(Check.flat(h.dW1()), h.db1(), Check.flat(h.dW2()), h.db2())),
        1e-9);
  }

  private static void compare(String what, Graph graph, NetsHand.Linear hand) {
    OutAndGrad g = graph.valueAndGradient();
    Check.same(what,
        Check.prepend(g.getOutputs().get("loss").getDouble(0),
            Check.flat(g.getGradients().get("W").toDoubleMatrix())),
        Check.prepend(hand.loss(), Check.flat(hand.dW())), 1e-9);
  }
}
