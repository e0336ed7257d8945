package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Issue 4's linear classifiers, vectorized: SVM and softmax losses, N = 500, D = 3073, C = 10. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinearBench {
  final Data.Linear p = new Data.Linear(500, 3073, 10);

  @Benchmark
  public double svmForward() {
    return Nets.svm(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsGrad.Svm svmGenerated() {
    return NetsGrad.svm(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsHand.Linear svmHandWritten() {
    return NetsHand.svm(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public double softmaxForward() {
    return Nets.softmax(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsGrad.Softmax softmaxGenerated() {
    return NetsGrad.softmax(p.W, p.X, p.y, p.reg);
  }

  @Benchmark
  public NetsHand.Linear softmaxHandWritten() {
    return NetsHand.softmax(p.W, p.X, p.y, p.reg);
  }
}
