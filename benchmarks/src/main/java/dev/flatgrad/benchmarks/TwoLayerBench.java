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

/** Workload 3 (and issue 4's): the two-layer net, N = 256, D = 3072, H = 100, C = 10. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TwoLayerBench {
  final Data.TwoLayer p = new Data.TwoLayer(256, 3072, 100, 10);

  @Benchmark
  public double forward() {
    return Nets.twoLayer(p.X, p.y, p.W1, p.b1, p.W2, p.b2, p.reg);
  }

  @Benchmark
  public NetsGrad.TwoLayer generated() {
    return NetsGrad.twoLayer(p.X, p.y, p.W1, p.b1, p.W2, p.b2, p.reg);
  }

  @Benchmark
  public NetsHand.TwoLayer handWritten() {
    return NetsHand.twoLayer(p.X, p.y, p.W1, p.b1, p.W2, p.b2, p.reg);
  }
}
