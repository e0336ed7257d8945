package dev.flatgrad.processor.size;

import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.engine.Engine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The processor's own time on long methods ({@link LongMethods}) of 100, 1,000 and 3,000
 * statements (or the lengths given as arguments): the engine's work from source text to generated
 * class, javac's parsing of the user's file and compiling of the generated one left out. CPU time
 * of the best of several runs after a warm-up, so that a busy machine shows the same figures. From
 * the repository root:
 *
 * <pre>
 * mvn -B -q -DskipTests install -pl processor -am
 * mvn -B -q -pl processor test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.flatgrad.processor.size.CompileTime
 * </pre>
 */
public final class CompileTime {

  private CompileTime() {}

  public static void main(String[] args) {
    int[] lengths = args.length == 0 ? new int[] {100, 1000, 3000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Engine engine = new Engine(Symbols.NONE, Engine.Options.DEFAULT);
    for (int warmUp = 0; warmUp < 3; warmUp++) {
      engine.differentiate(LongMethods.source("Long", 1000), "Long.java");
    }
    System.out.printf("%12s %12s %12s %16s%n", "statements", "lines out", "ms", "us / statement");
    for (int n : lengths) {
      String source = LongMethods.source("Long", n);
      long best = Long.MAX_VALUE;
      long lines = 0;
      for (int run = 0; run < 5; run++) {
        long start = cpu.getCurrentThreadCpuTime();
        Engine.Result result = engine.differentiate(source, "Long.java");
        best = Math.min(best, cpu.getCurrentThreadCpuTime() - start);
        if (result.hasErrors()) {
          throw new IllegalStateException(result.diagnostics().toString());
        }
        lines = result.files().get(0).toString().lines().count();
      }
      System.out.printf("%12d %12d %12.0f %16.0f%n", n, lines, best / 1e6, best / 1e3 / n);
    }
  }
}
