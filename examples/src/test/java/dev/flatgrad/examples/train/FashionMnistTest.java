package dev.flatgrad.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fashion-MNIST trainer's pieces, on small crafted IDX files in its format: the real data
 * take minutes and are not needed to test the loading, the missing-data path and the loop.
 */
class FashionMnistTest {
  @TempDir Path dir;

  private String out;
  private String err;

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status = FashionMnist.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  /**
   * A data set of {@code n} 6x6 images in 10 classes that a linear model can learn: class
   * {@code c} lights pixel {@code 3 c} brightly, plus noise everywhere.
   */
  private static void writeImages(Path file, int n, long seed, boolean gzip, int[] labels)
      throws IOException {
    Random random = new Random(seed);
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(6);
      out.writeInt(6);
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(10);
        for (int p = 0; p < 36; p++) {
          out.write(p == 3 * labels[i] ? 250 : random.nextInt(60));
        }
      }
    }
  }

  private static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      for (int y : labels) {
        out.write(y);
      }
    }
  }

  private void writeDataSet(int train, int test) throws IOException {
    int[] trainY = new int[train];
    int[] testY = new int[test];
    // Training files compressed, test files not: both are accepted.
    writeImages(dir.resolve("train-images-idx3-ubyte.gz"), train, 1, true, trainY);
    writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), trainY, true);
    writeImages(dir.resolve("t10k-images-idx3-ubyte"), test, 2, false, testY);
    writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), testY, false);
  }

  @Test
  void missingDataSaysHowToGetThemWithoutAStackTrace() {
    int status = run("--data", dir.resolve("nowhere").toString());
    assertEquals(1, status);
    assertTrue(err.contains("the Fashion-MNIST data are not in"), err);
    assertTrue(err.contains("sudo apt-get install dataset-fashion-mnist"), err);
    assertTrue(err.contains("--data <dir>"), err);
    assertTrue(err.contains("train-images-idx3-ubyte(.gz)"), err);
    assertFalse(err.contains("Exception"), err);
    assertFalse(err.contains("\tat "), err);
    assertEquals("", out);
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    writeDataSet(20, 10);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    assertEquals(1, run("--data", dir.toString()));
    assertTrue(err.contains("missing t10k-labels-idx1-ubyte(.gz))"), err);
    String first = err.lines().findFirst().orElse("");
    assertFalse(first.contains("train-images"), first);
  }

  @Test
  void aMalformedFileIsAClearError() throws IOException {
    writeDataSet(20, 10);
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
    assertEquals(1, run("--data", dir.toString()));
    assertTrue(err.startsWith("FashionMnist: malformed data file: "), err);
    assertTrue(err.contains("truncated header"), err);
    assertFalse(err.contains("\tat "), err);
  }

  @Test
  void badArgumentsPrintTheUsage() {
    assertEquals(2, run("--epochs", "0"));
    assertTrue(err.contains("--epochs must be at least 1, not 0"), err);
    assertTrue(err.contains("usage: FashionMnist"), err);
    assertEquals(2, run("--model", "cnn"));
    assertTrue(err.contains("--model must be softmax, net or both, not 'cnn'"), err);
    assertEquals(2, run("--frobnicate", "1"));
    assertTrue(err.contains("unknown option --frobnicate"), err);
    assertEquals(2, run("--lr"));
    assertTrue(err.contains("--lr needs a value"), err);
    assertEquals(0, run("--help"));
    assertTrue(out.contains("usage: FashionMnist"), out);
  }

  @Test
  void parseReadsEveryOption() throws Exception {
    FashionMnist.Options o = FashionMnist.parse(new String[] {"--data", "d", "--model", "net",
        "--epochs", "3", "--hidden", "50", "--batch", "32", "--lr", "0.01", "--decay", "0.5",
        "--reg", "0", "--seed", "9", "--limit", "100"});
    assertEquals(new FashionMnist.Options(Path.of("d"), false, true, 3, 3, 50, 32, 0.01, 0.5, 0,
        9, 100), o);
    assertEquals(FashionMnist.Options.defaults(), FashionMnist.parse(new String[0]));
    assertNull(FashionMnist.parse(new String[] {"--help"}));
  }

  @Test
  void loadingScalesAndCentresThePixels() throws Exception {
    writeDataSet(40, 10);
    FashionMnist.Data d = FashionMnist.load(dir, 30);
    assertEquals(30, d.trainX().length);
    assertEquals(30, d.trainY().length);
    assertEquals(10, d.testX().length);
    assertEquals(36, d.trainX()[0].length);
    for (int p = 0; p < 36; p++) {
      double mean = 0;
      for (double[] row : d.trainX()) {
        mean += row[p] / 30;
        assertTrue(Math.abs(row[p]) <= 1, "pixel " + row[p]);
      }
      assertEquals(0, mean, 1e-12);
    }
    assertThrows(FashionMnist.MissingDataException.class,
        () -> FashionMnist.load(dir.resolve("empty"), 0));
  }

  @Test
  void bothModelsLearnASmallDataSet() throws IOException {
    writeDataSet(600, 200);
    int status = run("--data", dir.toString(), "--epochs", "4", "--hidden", "20", "--batch",
        "32", "--lr", "0.01");
    assertEquals(0, status, err);
    assertTrue(out.contains("600 training and 200 test images of 36 pixels"), out);
    assertTrue(out.contains("epoch  4/4"), out);
    assertTrue(out.contains("softmaxLossVectorized"), out);
    assertTrue(out.contains("TwoLayerNetGrad.loss"), out);
    // Each class lights its own pixel: both models should be nearly always right.
    assertTrue(out.contains("softmax classifier         test accuracy 100.00%")
        || out.contains("softmax classifier         test accuracy  9"), out);
    assertTrue(out.contains("(target 86%: reached)"), out);
  }
}
