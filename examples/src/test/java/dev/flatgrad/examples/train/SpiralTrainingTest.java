package dev.flatgrad.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.examples.data.Spiral;
import dev.flatgrad.examples.optim.Adam;
import dev.flatgrad.examples.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on the spiral with generated gradients: the loss falls, accuracy passes a bar. */
class SpiralTrainingTest {
  private static final Spiral.Dataset DATA = Spiral.generate(100, 0);

  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static void lossFalls(SpiralTraining.Result r, int classes, double factor) {
    double[] l = r.losses();
    String what = r.name() + ": loss " + l[0] + " -> " + l[l.length - 1];
    // Small initial weights: uniform probabilities, loss log(classes).
    assertEquals(Math.log(classes), l[0], 0.01, what);
    assertTrue(l[l.length - 1] < factor * l[0], what);
  }

  @Test
  void aLinearClassifierGetsAboutHalfTheSpiral() {
    for (var optimizer : List.of(new Adam(0.05), new Sgd(0.5, 0.9))) {
      SpiralTraining.Result r = SpiralTraining.linear(DATA, optimizer, 200, 5e-4, 1000, null);
      lossFalls(r, 3, 0.75);
      assertTrue(r.accuracy() > 0.45 && r.accuracy() < 0.65, r.name() + " " + r.accuracy());
    }
  }

  @Test
  void aTwoLayerNetLearnsTheSpiral() {
    int[] reports = new int[1];
    SpiralTraining.Result r = SpiralTraining.twoLayer(DATA, 100, new Adam(0.05), 400, 5e-4, 0,
        100, (step, steps, loss, accuracy, seconds) -> reports[0]++);
    assertEquals(4, reports[0]);
    lossFalls(r, 3, 0.35);
    assertTrue(r.accuracy() > 0.95, "accuracy " + r.accuracy());
  }

  @Test
  void aSmallNetWithMomentumSgdLearnsASmallSpiral() {
    Spiral.Dataset small = Spiral.generate(30, 2, 5);
    SpiralTraining.Result r =
        SpiralTraining.twoLayer(small, 50, new Sgd(0.3, 0.9), 500, 1e-4, 1, 500, null);
    lossFalls(r, 2, 0.6);
    assertTrue(r.accuracy() > 0.9, "accuracy " + r.accuracy());
  }

  @Test
  void theDemoTrainsPrintsAndDraws() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SpiralDemo.Outcome outcome =
        SpiralDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(outcome.passed(), text);
    assertTrue(text.contains("epoch  500/500"), text);
    assertTrue(outcome.verdict().startsWith("The two-layer net learned the spiral"), text);
    for (String png : new String[] {"spiral-loss.png", "spiral-regions.png"}) {
      byte[] content = Files.readAllBytes(dir.resolve(png));
      assertTrue(content.length > 1000, png);
      assertTrue(Arrays.equals(Arrays.copyOf(content, 4), new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
          png);
    }
  }
}
