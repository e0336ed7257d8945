package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class StacksTest {
  private static final int N = 1000;

  @Test
  void doubleStackIsLifoAndGrows() {
    DoubleStack s = new DoubleStack(0);
    for (int i = 0; i < N; i++) {
      s.push(i * 0.5);
    }
    assertEquals(N, s.size());
    assertEquals((N - 1) * 0.5, s.peek());
    for (int i = N - 1; i >= 0; i--) {
      assertEquals(i * 0.5, s.pop());
    }
    assertTrue(s.isEmpty());
  }

  @Test
  void charStackIsLifoAndGrows() {
    CharStack s = new CharStack();
    for (int i = 0; i < N; i++) {
      s.push((char) ('a' + i % 26));
    }
    assertEquals('a' + (N - 1) % 26, s.peek());
    for (int i = N - 1; i >= 0; i--) {
      assertEquals('a' + i % 26, s.pop());
    }
    assertTrue(s.isEmpty());
  }

  @Test
  void intStackIsLifoAndGrows() {
    IntStack s = new IntStack();
    for (int i = 0; i < N; i++) {
      s.push(i);
    }
    assertEquals(N - 1, s.peek());
    for (int i = N - 1; i >= 0; i--) {
      assertEquals(i, s.pop());
    }
    assertTrue(s.isEmpty());
  }

  @Test
  void longStackIsLifoAndGrows() {
    LongStack s = new LongStack(1);
    for (long i = 0; i < N; i++) {
      s.push(i << 33);
    }
    for (long i = N - 1; i >= 0; i--) {
      assertEquals(i << 33, s.pop());
    }
    assertTrue(s.isEmpty());
  }

  @Test
  void booleanStackRecordsBranches() {
    BooleanStack s = new BooleanStack();
    for (int i = 0; i < N; i++) {
      boolean b = i % 3 == 0;
      assertEquals(b, s.record(b));
    }
    assertEquals(N, s.size());
    for (int i = N - 1; i >= 0; i--) {
      assertEquals(i % 3 == 0, s.pop());
    }
    s.push(true);
    assertTrue(s.peek());
  }

  @Test
  void refStackKeepsReferencesAndClearsThem() {
    RefStack<double[]> s = new RefStack<>();
    double[][] arrays = new double[N][];
    for (int i = 0; i < N; i++) {
      arrays[i] = new double[] {i};
      s.push(arrays[i]);
    }
    s.push(null);
    assertNull(s.pop());
    for (int i = N - 1; i >= 0; i--) {
      assertSame(arrays[i], s.pop());
    }
    s.push(arrays[0]);
    s.clear();
    assertTrue(s.isEmpty());
  }

  @Test
  void emptyStacksThrowNamingTheirType() {
    assertEmptyThrows("DoubleStack.pop", new DoubleStack()::pop);
    assertEmptyThrows("DoubleStack.peek", new DoubleStack()::peek);
    assertEmptyThrows("IntStack.pop", new IntStack()::pop);
    assertEmptyThrows("LongStack.peek", new LongStack()::peek);
    assertEmptyThrows("BooleanStack.pop", new BooleanStack()::pop);
    assertEmptyThrows("RefStack.pop", new RefStack<String>()::pop);
  }

  @Test
  void clearEmptiesAndStackIsReusable() {
    DoubleStack s = new DoubleStack();
    s.push(1);
    s.push(2);
    s.clear();
    assertTrue(s.isEmpty());
    assertEquals(0, s.size());
    assertEmptyThrows("DoubleStack.pop", s::pop);
    s.push(3);
    assertFalse(s.isEmpty());
    assertEquals(3, s.pop());
  }

  @Test
  void aTapeIsTheEmptyStacksArrayGrownOnceAndKept() {
    DoubleStack d = new DoubleStack(4);
    double[] small = d.tape(3);
    assertEquals(4, small.length);
    assertSame(small, d.tape(-1));
    double[] big = d.tape(N);
    assertEquals(N, big.length);
    assertSame(big, d.tape(N / 2));
    assertTrue(d.isEmpty());
  }

  @Test
  void aTapeNeedsAnEmptyStack() {
    IntStack s = new IntStack();
    s.push(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.tape(10));
    assertEquals("IntStack.tape: stack is not empty", e.getMessage());
    assertEquals(20, new LongStack().tape(20).length);
    assertEquals(20, new BooleanStack().tape(20).length);
  }

  @Test
  void negativeCapacityIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new IntStack(-1));
  }

  @Test
  void pushDoesNotAllocateOnceGrown() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    DoubleStack d = new DoubleStack();
    BooleanStack b = new BooleanStack();
    for (int round = 0; round < 20; round++) { // grow, and let the JIT settle
      pushPop(d, b);
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    pushPop(d, b);
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    // 2 * 10_000 boxed values would be ~320 KB; allow for the measurement itself.
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
  }

  private static void pushPop(DoubleStack d, BooleanStack b) {
    for (int i = 0; i < 10_000; i++) {
      d.push(i);
      b.record(i % 2 == 0);
    }
    while (!d.isEmpty()) {
      d.pop();
      b.pop();
    }
  }

  private static void assertEmptyThrows(String expected, Executable op) {
    IllegalStateException e = assertThrows(IllegalStateException.class, op);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }

  @Test
  void borrowedStacksAreReusedPerThreadAndComeBackEmpty() throws Exception {
    DoubleStack a = DoubleStack.borrow();
    for (int i = 0; i < 1000; i++) {
      a.push(i);
    }
    a.release();
    DoubleStack b = DoubleStack.borrow();
    assertSame(a, b);
    assertTrue(b.isEmpty());
    DoubleStack nested = DoubleStack.borrow();
    assertNotSame(b, nested);
    nested.release();
    b.release();
    RefStack<double[]> refs = RefStack.borrow();
    refs.push(new double[3]);
    refs.release();
    RefStack<int[]> again = RefStack.borrow();
    assertSame(refs, again);
    assertTrue(again.isEmpty());
    DoubleStack[] other = new DoubleStack[1];
    Thread t = new Thread(() -> other[0] = DoubleStack.borrow());
    t.start();
    t.join();
    assertNotSame(b, other[0]);
  }
}
