package dev.flatgrad.processor.forward;

import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScratchNumericTest {
  @Test
  void many() throws Exception {
    Loaded l = load(compileOk(source(Files.readString(Path.of("/tmp/x/Src.java")))));
    Random r = new Random(1);
    String c = "t.ManyGrad";
    assertSecondOrder(l, c, "g", r, 0.3, -0.7);
    assertSecondOrder(l, c, "hinge", r, new double[] {0.5, -1, 2}, new double[][] {{1, 2, 3}, {-1, 0.5, 2}}, new double[] {1, -1});
    assertSecondOrder(l, c, "rnn", r, new double[] {0.5, -1, 2}, 0.7, -0.3);
    assertSecondOrder(l, c, "caller", r, 0.3, 0.9);
    assertSecondOrder(l, c, "ridge", r, new double[][] {{1, 2}, {3, 4}, {0.5, 1}}, new double[][] {{1, 2, 3}, {-1, 0.5, 2}}, new double[][] {{1, 2}, {-1, 0.3}});
    assertSecondOrder(l, c, "net", r, new double[][] {{1, 2, 3}, {-1, 0.5, 2}}, new double[][] {{0.1, 0.2}, {0.3, -0.4}, {0.5, -0.1}}, new double[] {0.1, -0.2}, new double[][] {{0.5, -0.5, 1}, {0.2, 0.1, -1}}, new int[] {2, 0});
  }
}
