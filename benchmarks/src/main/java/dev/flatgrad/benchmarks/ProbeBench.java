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

/**
 * The generated code with one pattern changed ({@link Probes}): the difference from the
 * corresponding {@code generated} benchmark is what that pattern costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProbeBench {
  final BlackScholesBench bs = new BlackScholesBench();
  final LoopsBench loops = new LoopsBench();
  final Data.Linear small = new Data.Linear(256, 100, 10);
  final Data.Linear big = new Data.Linear(500, 3073, 10);

  @Benchmark
  public BlackScholesGrad.CallPrice blackScholesNoRecompute() {
    return Probes.blackScholesNoRecompute(bs.spot, bs.strike, bs.vol, bs.time, bs.rate);
  }

  @Benchmark
  public LoopsGrad.Rnn rnnPresizedStack() {
    return Probes.rnnPresizedStack(loops.w, loops.u, loops.x);
  }

  @Benchmark
  public LoopsGrad.Horner hornerPresizedStack() {
    return Probes.hornerPresizedStack(loops.z, loops.c);
  }

  @Benchmark
  public LoopsGrad.Rnn rnnArrayTape() {
    return Probes.rnnArrayTape(loops.w, loops.u, loops.x);
  }

  @Benchmark
  public LoopsGrad.Horner hornerArrayTape() {
    return Probes.hornerArrayTape(loops.z, loops.c);
  }

  @Benchmark
  public LoopsGrad.Horner hornerStore() {
    return Probes.hornerStore(loops.z, loops.c);
  }

  @Benchmark
  public NetsGrad.Softmax softmaxSmallWithoutMaxGradient() {
    return Probes.softmaxWithoutMaxGradient(small.W, small.X, small.y, small.reg);
  }

  @Benchmark
  public NetsGrad.Softmax softmaxWithoutMaxGradient() {
    return Probes.softmaxWithoutMaxGradient(big.W, big.X, big.y, big.reg);
  }
}
