package dev.flatgrad.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * What reading a private field through a {@code static final VarHandle} (how generated code reads
 * the private fields of the class it differentiates) costs against a direct read: a field read of
 * 1,000 objects each way, and the generated gradients of the same model with private and with
 * package-private fields ({@link Springs}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldsBench {

  /** An object with a private field and a package-private one. */
  static final class Holder {
    private double hidden;
    double open;

    Holder(double v) {
      hidden = v;
      open = v;
    }
  }

  private static final VarHandle HIDDEN;

  static {
    try {
      HIDDEN = MethodHandles.privateLookupIn(Holder.class, MethodHandles.lookup())
          .findVarHandle(Holder.class, "hidden", double.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Holder[] holders = new Holder[1000];
  private final double[] x = new double[100];
  private Springs.Private hidden;
  private Springs.Open open;
  double at = 0.7;

  public FieldsBench() {
    double[] stiffness = new double[99];
    double[] rest = new double[99];
    for (int i = 0; i < holders.length; i++) {
      holders[i] = new Holder(i * 0.5);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
    }
    for (int i = 0; i < rest.length; i++) {
      stiffness[i] = 1.0 + i % 3;
      rest[i] = 0.1 * (i % 5);
    }
    hidden = new Springs.Private(stiffness, rest, 0.3);
    open = new Springs.Open(stiffness, rest, 0.3);
  }

  @Benchmark
  public double readDirect() {
    double sum = 0.0;
    for (Holder h : holders) {
      sum += h.open;
    }
    return sum;
  }

  @Benchmark
  public double readVarHandle() {
    double sum = 0.0;
    for (Holder h : holders) {
      sum += (double) HIDDEN.get(h);
    }
    return sum;
  }

  @Benchmark
  public Springs_OpenGrad.Energy energyFieldsOpen() {
    return Springs_OpenGrad.energy(open, x);
  }

  @Benchmark
  public Springs_PrivateGrad.Energy energyFieldsPrivate() {
    return Springs_PrivateGrad.energy(hidden, x);
  }

  @Benchmark
  public Springs_OpenGrad.Force forceFieldsOpen() {
    return Springs_OpenGrad.force(open, at);
  }

  @Benchmark
  public Springs_PrivateGrad.Force forceFieldsPrivate() {
    return Springs_PrivateGrad.force(hidden, at);
  }
}
