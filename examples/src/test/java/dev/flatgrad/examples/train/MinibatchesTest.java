package dev.flatgrad.examples.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinibatchesTest {

  @Test
  void everyIndexIsInExactlyOneBatchAndOnlyTheLastIsShort() {
    int[][] batches = Minibatches.shuffled(103, 10, new Random(1));
    assertEquals(11, batches.length);
    int[] seen = new int[103];
    for (int b = 0; b < batches.length; b++) {
      assertEquals(b < 10 ? 10 : 3, batches[b].length);
      for (int i : batches[b]) {
        seen[i]++;
      }
    }
    int[] once = new int[103];
    Arrays.fill(once, 1);
    assertArrayEquals(once, seen);
  }

  @Test
  void theOrderIsShuffledAndFollowsTheSeed() {
    int[][] a = Minibatches.shuffled(1000, 1000, new Random(7));
    int[][] b = Minibatches.shuffled(1000, 1000, new Random(7));
    int[][] c = Minibatches.shuffled(1000, 1000, new Random(8));
    assertArrayEquals(a[0], b[0]);
    assertFalse(Arrays.equals(a[0], c[0]));
    int inPlace = 0;
    for (int i = 0; i < 1000; i++) {
      inPlace += a[0][i] == i ? 1 : 0;
    }
    assertTrue(inPlace < 20, inPlace + " indices stayed in place");
  }

  @Test
  void edgeCases() {
    assertEquals(0, Minibatches.shuffled(0, 5, new Random(1)).length);
    assertArrayEquals(new int[][] {{0}}, Minibatches.shuffled(1, 5, new Random(1)));
    assertEquals(4, Minibatches.shuffled(4, 1, new Random(1)).length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Minibatches.shuffled(10, 0, new Random(1)));
    assertTrue(e.getMessage().contains("batchSize = 0"), e.getMessage());
  }

  @Test
  void rowsAndLabelsFollowTheIndices() {
    double[][] X = {{0, 0}, {1, 1}, {2, 2}};
    int[] y = {5, 6, 7};
    double[][] batch = Minibatches.rows(X, new int[] {2, 0});
    assertSame(X[2], batch[0]);
    assertSame(X[0], batch[1]);
    assertArrayEquals(new int[] {7, 5}, Minibatches.labels(y, new int[] {2, 0}));
  }

  @Test
  void accuracyIsTheFractionRight() {
    assertEquals(0.75, Minibatches.accuracy(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
    assertEquals(0, Minibatches.accuracy(new int[] {1}, new int[] {0}));
    assertThrows(IllegalArgumentException.class,
        () -> Minibatches.accuracy(new int[] {1}, new int[] {1, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> Minibatches.accuracy(new int[0], new int[0]));
  }
}
