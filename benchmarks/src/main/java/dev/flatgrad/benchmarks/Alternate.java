package dev.flatgrad.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two (or more) builds of the runtime side by side in one JVM, alternated: what a change to the
 * kernels did, measured on a machine that other work shares, where a figure taken minutes apart
 * says more about the load than about the code. Each argument is a runtime jar with a thread
 * count, {@code jar#threads}; each is loaded in its own class loader, in front of this
 * benchmarks jar, so that every variant runs the same inputs through its own {@code Nd}. Per
 * round, every variant runs each workload back to back for {@code -Dsecs} seconds; the table
 * gives, over the rounds, the best call, the median of the rounds' best calls, the median of
 * their medians and the median of their means (numpy's figure in {@code numpy_bench.py}: the
 * median of means of batches of calls). Workloads ({@code -Dworkloads}, comma-separated): {@code dot}, {@code
 * transposeDot}, {@code dotTranspose} (256×3072·3072×100 and the two backward products, in
 * GFLOP/s), {@code twoLayer} and {@code twoLayerHand} (the generated and the hand-written value
 * and gradient of {@link TwoLayerBench}, in ms), {@code sumOfSquares} (of the 3072×100
 * weights, in ms), {@code svm}, {@code svmHand}, {@code softmax} and {@code softmaxHand} (the
 * generated and the hand-written value and gradient of {@link LinearBench}, 500×3073×10, in ms) and
 * that workload's two products, {@code narrowDot} ({@code X·W}, 500×3073·3073×10) and {@code
 * narrowTransposeDot} ({@code Xᵀ·dscores}, 3073×500·500×10), in GFLOP/s. {@code -Dcpu=true} times the calling thread's CPU time instead of the wall clock: on one
 * thread, a call descheduled by other work then costs nothing extra.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dcpu=true -cp benchmarks/target/benchmarks.jar \
 *     dev.flatgrad.benchmarks.Alternate before.jar#1 after.jar#1
 * </pre>
 */
public final class Alternate {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final double PRODUCT_FLOPS = 2.0 * 256 * 3072 * 100;
  private static final double NARROW_FLOPS = 2.0 * 500 * 3073 * 10;
  private static final Set<String> PRODUCTS = Set.of("dot", "transposeDot", "dotTranspose");
  private static final Set<String> NARROW = Set.of("narrowDot", "narrowTransposeDot");

  private Alternate() {}

  /** One workload of one variant: a call returning something to keep. */
  private record Run(String name, double flops, MethodHandle call) {}

  public static void main(String[] args) throws Throwable {
    int rounds = Integer.getInteger("rounds", 8);
    double secs = Double.parseDouble(System.getProperty("secs", "0.3"));
    boolean cpu = Boolean.getBoolean("cpu");
    List<String> workloads =
        List.of(System.getProperty("workloads", "dot,transposeDot,dotTranspose").split(","));
    URL benchmarks = Alternate.class.getProtectionDomain().getCodeSource().getLocation();
    double[][] x = Data.gaussian(41, 256, 3072, 1.0);
    double[][] w = Data.gaussian(42, 3072, 100, 1.0);
    double[][] dy = Data.gaussian(43, 256, 100, 1.0);
    Data.Linear linear = new Data.Linear(500, 3073, 10);
    double[][] dscores = Data.gaussian(44, 500, 10, 1.0);
    List<Run> runs = new ArrayList<>();
    for (String variant : args) {
      String[] jarAndThreads = variant.split("#");
      ClassLoader loader = new URLClassLoader(
          new URL[] {Path.of(jarAndThreads[0]).toUri().toURL(), benchmarks},
          ClassLoader.getPlatformClassLoader());
      Class<?> nd = loader.loadClass("dev.flatgrad.runtime.Nd");
      nd.getMethod("setThreads", int.class).invoke(null, Integer.parseInt(jarAndThreads[1]));
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType product = MethodType.methodType(double[][].class, double[][].class, double[][].class);
      for (String workload : workloads) {
        String name = String.format(Locale.ROOT, "%-13s %s", workload, variant);
        MethodHandle call = switch (workload) {
          case "dot" -> MethodHandles.insertArguments(lookup.findStatic(nd, "dot", product), 0, x, w);
          case "transposeDot" ->
              MethodHandles.insertArguments(lookup.findStatic(nd, "transposeDot", product), 0, x, dy);
          case "dotTranspose" ->
              MethodHandles.insertArguments(lookup.findStatic(nd, "dotTranspose", product), 0, dy, w);
          case "sumOfSquares" -> MethodHandles.insertArguments(lookup.findStatic(nd, "sumOfSquares",
              MethodType.methodType(double.class, double[][].class)), 0, (Object) w);
          case "twoLayer" ->
              benchmark(loader, lookup, TwoLayerBench.class, "generated", "NetsGrad$TwoLayer");
          case "twoLayerHand" ->
              benchmark(loader, lookup, TwoLayerBench.class, "handWritten", "NetsHand$TwoLayer");
          case "svm" ->
              benchmark(loader, lookup, LinearBench.class, "svmGenerated", "NetsGrad$Svm");
          case "svmHand" ->
              benchmark(loader, lookup, LinearBench.class, "svmHandWritten", "NetsHand$Linear");
          case "softmax" ->
              benchmark(loader, lookup, LinearBench.class, "softmaxGenerated", "NetsGrad$Softmax");
          case "softmaxHand" ->
              benchmark(loader, lookup, LinearBench.class, "softmaxHandWritten", "NetsHand$Linear");
          case "narrowDot" ->
              MethodHandles.insertArguments(lookup.findStatic(nd, "dot", product), 0, linear.X, linear.W);
          case "narrowTransposeDot" -> MethodHandles.insertArguments(
              lookup.findStatic(nd, "transposeDot", product), 0, linear.X, dscores);
          default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
        double flops =
            PRODUCTS.contains(workload) ? PRODUCT_FLOPS : NARROW.contains(workload) ? NARROW_FLOPS : 0;
        runs.add(new Run(name, flops, call.asType(MethodType.methodType(Object.class))));
      }
    }
    Map<Run, List<double[]>> seconds = new LinkedHashMap<>();
    for (int round = -2; round < rounds; round++) { // two rounds of warm-up
      for (Run run : runs) {
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (secs * 1e9);
        while (System.nanoTime() < end || times.size() < 3) {
          long start = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
          Object kept = run.call().invokeExact();
          times.add((cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - start);
          if (kept == null) {
            throw new AssertionError(run.name());
          }
        }
        if (round >= 0) {
          long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
          double mean = times.stream().mapToLong(Long::longValue).average().orElseThrow();
          seconds.computeIfAbsent(run, r -> new ArrayList<>())
              .add(new double[] {sorted[0] / 1e9, sorted[sorted.length / 2] / 1e9, mean / 1e9});
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds of %.2f s, %s; best / median of bests / median of medians / median of means%n",
        rounds, secs, cpu ? "thread CPU time" : "wall clock");
    for (Map.Entry<Run, List<double[]>> e : seconds.entrySet()) {
      double[] best = e.getValue().stream().mapToDouble(t -> t[0]).sorted().toArray();
      double[] median = e.getValue().stream().mapToDouble(t -> t[1]).sorted().toArray();
      double[] mean = e.getValue().stream().mapToDouble(t -> t[2]).sorted().toArray();
      Run run = e.getKey();
      System.out.printf(Locale.ROOT, "%-50s %7.2f %7.2f %7.2f %7.2f %s%n", run.name(),
          figure(run, best[0]), figure(run, best[best.length / 2]),
          figure(run, median[median.length / 2]), figure(run, mean[mean.length / 2]),
          run.flops() > 0 ? "GFLOP/s" : "ms");
    }
  }

  /**
   * A JMH benchmark method of this variant ({@link TwoLayerBench}'s or {@link LinearBench}'s value
   * and gradient, generated or hand-written), bound to a new instance of its class.
   */
  private static MethodHandle benchmark(ClassLoader loader, MethodHandles.Lookup lookup,
      Class<?> benchClass, String method, String result) throws ReflectiveOperationException {
    Class<?> bench = loader.loadClass(benchClass.getName());
    return lookup.findVirtual(bench, method,
            MethodType.methodType(loader.loadClass("dev.flatgrad.benchmarks." + result)))
        .bindTo(bench.getConstructor().newInstance());
  }

  private static double figure(Run run, double seconds) {
    return run.flops() > 0 ? run.flops() / seconds / 1e9 : seconds * 1e3;
  }
}
