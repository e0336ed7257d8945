package dev.flatgrad.examples.train;

import dev.flatgrad.examples.data.Spiral;
import dev.flatgrad.examples.optim.Adam;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The demo's training part: both models on the spiral, progress lines, pictures. */
public final class SpiralDemo {
  /** The notes' bar for the two-layer net on the spiral. */
  public static final double TARGET_ACCURACY = 0.95;

  static final int POINTS_PER_CLASS = 100;
  static final long SEED = 0;
  static final double LEARNING_RATE = 0.05;
  // reg * sum(W²) with reg = 5e-4 is the notes' 0.5 * 1e-3 * sum(W²).
  static final double REG = 5e-4;
  static final int LINEAR_STEPS = 300;
  static final int NET_STEPS = 500;
  static final int HIDDEN = 100;

  private SpiralDemo() {}

  /**
   * What the training part found.
   *
   * @param linear the linear classifier's run
   * @param net the two-layer net's run
   */
  public record Outcome(SpiralTraining.Result linear, SpiralTraining.Result net) {
    /** Whether the two-layer net reached {@link #TARGET_ACCURACY}. */
    public boolean passed() {
      return net.accuracy() >= TARGET_ACCURACY;
    }

    /** One line for the summary. */
    public String verdict() {
      return String.format(Locale.ROOT,
          "The two-layer net %s the spiral: %.1f%% train accuracy (target %.0f%%; linear"
              + " softmax %.1f%%).",
          passed() ? "learned" : "did NOT learn", 100 * net.accuracy(), 100 * TARGET_ACCURACY,
          100 * linear.accuracy());
    }
  }

  /** Trains both models, printing progress to {@code out} and pictures into {@code dir}. */
  public static Outcome run(PrintStream out, Path dir) {
    Spiral.Dataset data = Spiral.generate(POINTS_PER_CLASS, SEED);
    out.println();
    out.println("Training on the spiral");
    out.println("----------------------");
    out.printf(Locale.ROOT,
        "%d points in %d classes (seed %d); full-batch Adam (an epoch is one step over all"
            + " the points),%nlearning rate %s, reg %.0e; gradients from the generated"
            + " LinearClassifiersGrad.softmaxLossVectorized%nand TwoLayerNetGrad.loss (both"
            + " written with Nd).%n%n",
        data.size(), data.classes(), SEED, LEARNING_RATE, REG);
    String linearName = "linear softmax";
    String netName = "two-layer net (H = " + HIDDEN + ")";
    int width = Math.max(linearName.length(), netName.length());
    SpiralTraining.Result linear = SpiralTraining.linear(data, new Adam(LEARNING_RATE),
        LINEAR_STEPS, REG, LINEAR_STEPS / 3, line(out, linearName, width));
    SpiralTraining.Result net = SpiralTraining.twoLayer(data, HIDDEN, new Adam(LEARNING_RATE),
        NET_STEPS, REG, SEED, NET_STEPS / 10, line(out, netName, width));
    out.println();
    for (SpiralTraining.Result r : List.of(linear, net)) {
      out.printf(Locale.ROOT, "  %-" + width + "s  %5.1f%% train accuracy, final loss %.4f, %d"
          + " epochs in %.2f s (%.2f ms per epoch)%n", r.name(), 100 * r.accuracy(),
          r.losses()[r.losses().length - 1], r.losses().length, r.seconds(),
          1000 * r.seconds() / r.losses().length);
    }
    Path losses = dir.resolve("spiral-loss.png");
    Path regions = dir.resolve("spiral-regions.png");
    try {
      Plots.lossCurves(losses, List.of(linear, net));
      Plots.decisionRegions(regions, data, List.of(linear, net));
      out.println();
      out.println("  pictures: " + slashes(losses) + "  (loss curves)");
      out.println("            " + slashes(regions) + "  (decision regions)");
    } catch (Exception | LinkageError e) {
      // Pictures are a bonus: a machine without fonts or AWT still gets the numbers.
      out.println();
      out.println("  (no pictures: " + e + ")");
    }
    return new Outcome(linear, net);
  }

  private static SpiralTraining.Progress line(PrintStream out, String name, int width) {
    return (step, steps, loss, accuracy, seconds) -> out.printf(Locale.ROOT,
        "  %-" + width + "s  epoch %4d/%-4d  loss %.4f  train accuracy %5.1f%%  %6.2f s%n",
        name, step, steps, loss, 100 * accuracy, seconds);
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
