package dev.flatgrad.benchmarks;

import dev.flatgrad.runtime.Nd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where splitting over threads starts to pay: a square product ({@code n³} multiply-adds) and
 * elementwise ops ({@code n²} entries) with 1 and 2 threads ({@code Nd.setThreads}). The
 * thresholds {@code MatMul.PARALLEL_MIN_WORK} and {@code Parallel.ELEMENTWISE_MIN_WORK} come from
 * here. Not part of {@code run.sh}'s default run:
 * {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ParallelBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParallelBench {
  @Param({"64", "100", "128", "192", "256", "512"})
  public int n;

  @Param({"1", "2"})
  public int threads;

  double[][] a;
  double[][] b;

  @Setup(Level.Trial)
  public void setup() {
    Nd.setThreads(threads);
    a = Data.gaussian(61, n, n, 1.0);
    b = Data.gaussian(62, n, n, 1.0);
  }

  @Benchmark
  public double[][] dot() {
    return Nd.dot(a, b);
  }

  @Benchmark
  public double[][] add() {
    return Nd.add(a, b);
  }

  @Benchmark
  public double[][] exp() {
    return Nd.exp(a);
  }
}
