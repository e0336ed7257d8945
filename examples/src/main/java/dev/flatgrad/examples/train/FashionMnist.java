package dev.flatgrad.examples.train;

import dev.flatgrad.examples.Show;
import dev.flatgrad.examples.data.Idx;
import dev.flatgrad.examples.data.IdxFormatException;
import dev.flatgrad.examples.linear.LinearClassifiersGrad;
import dev.flatgrad.examples.net.TwoLayerNet;
import dev.flatgrad.examples.net.TwoLayerNetGrad;
import dev.flatgrad.examples.optim.Adam;
import dev.flatgrad.runtime.Nd;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the softmax classifier and the two-layer net on Fashion-MNIST (28x28 grey images of
 * clothes, 10 classes, 60000 training and 10000 test images) with minibatch Adam, the gradients
 * coming from the generated {@code LinearClassifiersGrad.softmaxLossVectorized} and {@code
 * TwoLayerNetGrad.loss}, and reports the test accuracy and time of each epoch.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp examples/target/classes:runtime/target/classes \
 *     dev.flatgrad.examples.train.FashionMnist [--data DIR] [--model softmax|net|both] ...
 * </pre>
 *
 * <p>The data are the four IDX files of Fashion-MNIST, gzip-compressed or not, in {@link
 * #DEFAULT_DATA} (where the Debian package {@code dataset-fashion-mnist} installs them) or in the
 * directory given by {@code --data}. Missing or malformed files end the program with a message
 * saying what is wrong and how to get the data, and exit status 1; bad arguments with the usage
 * and status 2.
 *
 * <p>Why Adam and not SGD with momentum: see {@link Adam}. In short, its default step size
 * trains both models without a search, the per-weight scaling copes with pixels whose gradients
 * differ by orders of magnitude (the busy centre against the nearly blank border), and both
 * targets are reached in a few epochs.
 */
public final class FashionMnist {
  /** Where the Debian package {@code dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DATA = Paths.get("/usr/share/datasets/fashion-mnist");

  /** The four files, without their optional {@code .gz}. */
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** The test-accuracy targets of the examples issue. */
  public static final double SOFTMAX_TARGET = 0.83;
  public static final double NET_TARGET = 0.86;

  static final int CLASSES = 10;

  private FashionMnist() {}

  /** The data could not be found; the message says where it looked and how to get them. */
  public static final class MissingDataException extends Exception {
    private static final long serialVersionUID = 1L;

    MissingDataException(String message) {
      super(message);
    }
  }

  /** A bad command line; the message says what is wrong. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * The data set, ready to train on: pixels scaled to {@code [0, 1]} with the mean training image
   * subtracted (from both sets), one image per row.
   */
  public record Data(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {}

  /**
   * What one epoch gave: the mean training loss over its minibatches, the test accuracy after it,
   * and the wall-clock and CPU seconds of its training (the CPU time of the training thread: on
   * a machine shared with other work, the time the epoch would take alone) and of the test.
   */
  public record Epoch(int epoch, double loss, double testAccuracy, double trainSeconds,
      double trainCpuSeconds, double evalSeconds) {}

  /** A trained model's epochs. */
  public record Run(String name, double target, List<Epoch> epochs) {
    /** The test accuracy after the last epoch. */
    public double testAccuracy() {
      return epochs.get(epochs.size() - 1).testAccuracy();
    }

    /** The mean training time of an epoch, in seconds. */
    public double secondsPerEpoch() {
      return epochs.stream().mapToDouble(Epoch::trainSeconds).average().orElse(0);
    }

    /** The mean CPU time of an epoch's training, in seconds. */
    public double cpuSecondsPerEpoch() {
      return epochs.stream().mapToDouble(Epoch::trainCpuSeconds).average().orElse(0);
    }

    /** Whether the final test accuracy reaches the target. */
    public boolean reached() {
      return testAccuracy() >= target;
    }
  }

  /**
   * The settings, from the command line.
   *
   * @param data the directory with the four files
   * @param softmax whether to train the softmax classifier
   * @param net whether to train the two-layer net
   * @param softmaxEpochs epochs of the softmax classifier
   * @param netEpochs epochs of the two-layer net
   * @param hidden the hidden layer's size
   * @param batch the minibatch size
   * @param learningRate Adam's step size
   * @param decay the factor on the step size after each epoch
   * @param reg the L2 strength, as in {@code reg * sum(W²)}
   * @param seed the seed of the initial weights and the shuffles
   * @param limit use only the first {@code limit} training images (0: all)
   */
  public record Options(Path data, boolean softmax, boolean net, int softmaxEpochs, int netEpochs,
      int hidden, int batch, double learningRate, double decay, double reg, long seed, int limit) {
    /** The defaults, which reach both targets. */
    public static Options defaults() {
      return new Options(DEFAULT_DATA, true, true, 10, 8, 200, 128, 1e-3, 0.8, 1e-5, 1, 0);
    }
  }

  static final String USAGE = String.join("\n",
      "usage: FashionMnist [options]",
      "  --data DIR        the four Fashion-MNIST IDX files (.gz or not); default " + DEFAULT_DATA,
      "  --model M         softmax, net or both (default both)",
      "  --epochs N        epochs of each model (default: softmax 10, net 8)",
      "  --hidden H        hidden units of the two-layer net (default 200)",
      "  --batch B         minibatch size (default 128)",
      "  --lr RATE         Adam's learning rate (default 1e-3)",
      "  --decay F         learning rate factor after each epoch (default 0.8)",
      "  --reg R           L2 regularisation strength, reg * sum(W^2) (default 1e-5)",
      "  --seed S          seed of the initial weights and the shuffles (default 1)",
      "  --limit N         train on the first N training images only (default: all 60000)");

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The whole program: parses {@code args}, loads the data, trains, prints to {@code out} and
   * problems to {@code err}; the exit status: 0, 1 for missing or bad data, 2 for bad arguments.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (UsageException e) {
      err.println("FashionMnist: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (o == null) {
      out.println(USAGE);
      return 0;
    }
    Data data;
    long start = System.nanoTime();
    try {
      data = load(o.data(), o.limit());
    } catch (MissingDataException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IdxFormatException e) {
      err.println("FashionMnist: malformed data file: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("FashionMnist: cannot read the data in " + o.data() + ": " + e);
      return 1;
    }
    out.printf(Locale.ROOT,
        "Fashion-MNIST from %s: %d training and %d test images of %d pixels, %d classes"
            + " (read in %.1f s)%n",
        o.data(), data.trainX().length, data.testX().length, data.trainX()[0].length, CLASSES,
        (System.nanoTime() - start) / 1e9);
    out.printf(Locale.ROOT,
        "Minibatch Adam: batch %d, learning rate %s times %s after each epoch, reg %s, seed %d;"
            + " %d cores%n",
        o.batch(), Show.number(o.learningRate()), Show.number(o.decay()), Show.number(o.reg()),
        o.seed(),
        Runtime.getRuntime().availableProcessors());
    out.println(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        ? "Matrix products: the runtime's Vector API kernel (jdk.incubator.vector)."
        : "Matrix products: the runtime's plain-Java kernel (java --add-modules"
            + " jdk.incubator.vector ... runs its Vector API kernel, about 3x faster here).");
    List<Run> runs = new ArrayList<>();
    if (o.softmax()) {
      runs.add(softmax(data, o, out));
    }
    if (o.net()) {
      runs.add(twoLayerNet(data, o, out));
    }
    out.println();
    out.println("Summary");
    for (Run r : runs) {
      out.printf(Locale.ROOT,
          "  %-26s test accuracy %5.2f%% after %d epochs (target %.0f%%: %s), %.1f s per epoch"
              + " (cpu %.1f s)%n",
          r.name(), 100 * r.testAccuracy(), r.epochs().size(), 100 * r.target(),
          r.reached() ? "reached" : "NOT reached", r.secondsPerEpoch(), r.cpuSecondsPerEpoch());
    }
    return 0;
  }

  /** The options in {@code args}, or null if help was asked for. */
  static Options parse(String[] args) throws UsageException {
    Options d = Options.defaults();
    Path data = d.data();
    boolean softmax = true;
    boolean net = true;
    Integer epochs = null;
    int hidden = d.hidden();
    int batch = d.batch();
    double lr = d.learningRate();
    double decay = d.decay();
    double reg = d.reg();
    long seed = d.seed();
    int limit = d.limit();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        return null;
      }
      if (!flag.startsWith("--")) {
        throw new UsageException("unexpected argument '" + flag + "'");
      }
      if (i + 1 >= args.length) {
        throw new UsageException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--data" -> data = Paths.get(value);
        case "--model" -> {
          switch (value) {
            case "softmax" -> net = false;
            case "net" -> softmax = false;
            case "both" -> { }
            default -> throw new UsageException(
                "--model must be softmax, net or both, not '" + value + "'");
          }
        }
        case "--epochs" -> epochs = positive(flag, value);
        case "--hidden" -> hidden = positive(flag, value);
        case "--batch" -> batch = positive(flag, value);
        case "--lr" -> lr = positiveDouble(flag, value);
        case "--decay" -> decay = positiveDouble(flag, value);
        case "--reg" -> {
          reg = number(flag, value);
          if (!(reg >= 0) || Double.isInfinite(reg)) {
            throw new UsageException("--reg must be >= 0, not " + value);
          }
        }
        case "--seed" -> seed = integer(flag, value);
        case "--limit" -> limit = positive(flag, value);
        default -> throw new UsageException("unknown option " + flag);
      }
    }
    return new Options(data, softmax, net, epochs == null ? d.softmaxEpochs() : epochs,
        epochs == null ? d.netEpochs() : epochs, hidden, batch, lr, decay, reg, seed, limit);
  }

  private static double number(String flag, String value) throws UsageException {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a number, not '" + value + "'");
    }
  }

  private static long integer(String flag, String value) throws UsageException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " needs a whole number, not '" + value + "'");
    }
  }

  private static int positive(String flag, String value) throws UsageException {
    long n = integer(flag, value);
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new UsageException(flag + " must be at least 1, not " + value);
    }
    return (int) n;
  }

  private static double positiveDouble(String flag, String value) throws UsageException {
    double x = number(flag, value);
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new UsageException(flag + " must be > 0, not " + value);
    }
    return x;
  }

  /** {@code dir/name.gz} or {@code dir/name}, whichever exists, or null. */
  static Path find(Path dir, String name) {
    for (String candidate : new String[] {name + ".gz", name}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Reads the four files in {@code dir} and prepares them ({@link Data}); with {@code limit > 0}
   * only the first {@code limit} training images.
   *
   * @throws MissingDataException if a file is not there, saying how to get them
   * @throws IdxFormatException if a file is malformed
   * @throws IOException if a file cannot be read
   */
  public static Data load(Path dir, int limit) throws MissingDataException, IOException {
    String[] names = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};
    Path[] files = new Path[names.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      files[i] = find(dir, names[i]);
      if (files[i] == null) {
        missing.add(names[i] + "(.gz)");
      }
    }
    if (!missing.isEmpty()) {
      throw new MissingDataException(missingMessage(dir, missing));
    }
    Idx.Labelled train = Idx.readLabelled(files[0], files[1]);
    Idx.Labelled test = Idx.readLabelled(files[2], files[3]);
    int n = limit > 0 ? Math.min(limit, train.images().count()) : train.images().count();
    double[][] trainX = images(train.images(), n);
    double[][] testX = images(test.images(), test.images().count());
    // Centre the pixels on the mean training image, as the exercises do.
    double[] mean = Nd.mean(trainX, 0);
    trainX = Nd.subtract(trainX, mean);
    testX = Nd.subtract(testX, mean);
    int[] trainY = new int[n];
    System.arraycopy(train.labels(), 0, trainY, 0, n);
    return new Data(trainX, trainY, testX, test.labels());
  }

  static String missingMessage(Path dir, List<String> missing) {
    return String.join("\n",
        "FashionMnist: the Fashion-MNIST data are not in " + dir + " (missing "
            + String.join(", ", missing) + ").",
        "Get them in either of two ways:",
        "  - install the Debian package, which puts them in " + DEFAULT_DATA + ", where this"
            + " program looks by default:",
        "        sudo apt-get install dataset-fashion-mnist",
        "  - or put the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, from the"
            + " zalandoresearch/fashion-mnist repository; gzip-compressed or not) in a directory"
            + " and pass it:",
        "        --data <dir>");
  }

  private static double[][] images(Idx.Images images, int n) {
    double[][] X = new double[n][];
    for (int i = 0; i < n; i++) {
      X[i] = images.image(i);
    }
    return X;
  }

  /**
   * Trains the linear softmax classifier {@code W} {@code (785, 10)}, the last row the bias (the
   * bias trick: each sample gets a trailing 1), from zero weights.
   */
  public static Run softmax(Data data, Options o, PrintStream out) {
    double[][] W = new double[data.trainX()[0].length + 1][CLASSES];
    double[][] testX = SpiralTraining.withBias(data.testX());
    String name = "softmax classifier";
    out.println();
    out.printf(Locale.ROOT, "%s: W (%d x %d), gradient from the generated"
        + " LinearClassifiersGrad.softmaxLossVectorized%n", name, W.length, CLASSES);
    return train(name, SOFTMAX_TARGET, data, o, o.softmaxEpochs(), out,
        (X, y) -> {
          LinearClassifiersGrad.SoftmaxLossVectorized g =
              LinearClassifiersGrad.softmaxLossVectorized(W, SpiralTraining.withBias(X), y,
                  o.reg());
          return new Step(g.value(), optimizer -> optimizer.update(W, g.dW()));
        },
        () -> Nd.argmax(Nd.dot(testX, W), 1));
  }

  /**
   * Trains the two-layer net with {@code o.hidden()} ReLU units, He-initialised ({@code W1} from
   * normals times {@code sqrt(2 / D)}, {@code W2} times {@code sqrt(2 / H)}), zero biases.
   */
  public static Run twoLayerNet(Data data, Options o, PrintStream out) {
    Random random = new Random(o.seed());
    int dim = data.trainX()[0].length;
    double[][] W1 = gaussian(random, dim, o.hidden(), Math.sqrt(2.0 / dim));
    double[] b1 = new double[o.hidden()];
    double[][] W2 = gaussian(random, o.hidden(), CLASSES, Math.sqrt(2.0 / o.hidden()));
    double[] b2 = new double[CLASSES];
    String name = "two-layer net (H = " + o.hidden() + ")";
    out.println();
    out.printf(Locale.ROOT, "%s: W1 (%d x %d), W2 (%d x %d), gradients from the generated"
        + " TwoLayerNetGrad.loss%n", name, dim, o.hidden(), o.hidden(), CLASSES);
    return train(name, NET_TARGET, data, o, o.netEpochs(), out,
        (X, y) -> {
          TwoLayerNetGrad.Loss g = TwoLayerNetGrad.loss(X, y, W1, b1, W2, b2, o.reg());
          return new Step(g.value(), optimizer -> {
            optimizer.update(W1, g.dW1());
            optimizer.update(b1, g.db1());
            optimizer.update(W2, g.dW2());
            optimizer.update(b2, g.db2());
          });
        },
        () -> TwoLayerNet.predict(data.testX(), W1, b1, W2, b2));
  }

  /** A minibatch's loss and how to apply its gradient. */
  private record Step(double loss, Consumer<Adam> update) {}

  /** The loss and gradient of a model on a minibatch. */
  @FunctionalInterface
  private interface Model {
    Step step(double[][] X, int[] y);
  }

  /** The model's predictions on the test set. */
  @FunctionalInterface
  private interface Predict {
    int[] test();
  }

  private static Run train(String name, double target, Data data, Options o, int epochs,
      PrintStream out, Model model, Predict predict) {
    Adam adam = new Adam(o.learningRate());
    Random random = new Random(o.seed() + 1);
    List<Epoch> history = new ArrayList<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
      double lossSum = 0;
      int[][] batches = Minibatches.shuffled(data.trainX().length, o.batch(), random);
      for (int[] batch : batches) {
        Step s = model.step(Minibatches.rows(data.trainX(), batch),
            Minibatches.labels(data.trainY(), batch));
        lossSum += s.loss();
        s.update().accept(adam);
      }
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
      long evalStart = System.nanoTime();
      double accuracy = Minibatches.accuracy(predict.test(), data.testY());
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
      Epoch e = new Epoch(epoch, lossSum / batches.length, accuracy, trainSeconds, cpuSeconds,
          evalSeconds);
      history.add(e);
      out.printf(Locale.ROOT,
          "  epoch %2d/%d  loss %.4f  test accuracy %5.2f%%  %5.1f s (cpu %.1f s; + %.1f s to"
              + " test)%n",
          epoch, epochs, e.loss(), 100 * accuracy, trainSeconds, cpuSeconds, evalSeconds);
      adam.setLearningRate(adam.learningRate() * o.decay());
    }
    return new Run(name, target, history);
  }

  private static double[][] gaussian(Random random, int rows, int cols, double scale) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return m;
  }
}
