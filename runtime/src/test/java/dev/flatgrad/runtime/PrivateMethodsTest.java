package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/** Generated code's calls of private methods: found from the caller's lookup, thrown exceptions kept as they are. */
class PrivateMethodsTest {

  /** A user's class with private methods, as a generated class (another class of the package) sees it. */
  static final class Owner {
    private final double scale;

    Owner(double scale) {
      this.scale = scale;
    }

    private static double sq(double x) {
      return x * x;
    }

    private double scaled(double[] x, int i) {
      return scale * x[i];
    }

    private static double failing(double x) throws IOException {
      throw new IOException("checked " + x);
    }
  }

  @Test
  void callsAPrivateStaticMethod() throws Throwable {
    MethodHandle sq = PrivateMethods.staticMethod(MethodHandles.lookup(), Owner.class, "sq",
        MethodType.methodType(double.class, double.class));
    assertEquals(6.25, (double) sq.invokeExact(2.5));
  }

  @Test
  void callsAPrivateInstanceMethodWithTheObjectFirst() throws Throwable {
    MethodHandle scaled = PrivateMethods.instanceMethod(MethodHandles.lookup(), Owner.class, "scaled",
        MethodType.methodType(double.class, double[].class, int.class));
    assertEquals(3.0, (double) scaled.invokeExact(new Owner(1.5), new double[] {1.0, 2.0}, 1));
  }

  @Test
  void aMissingMethodSaysWhichAndWhy() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> PrivateMethods.staticMethod(
        MethodHandles.lookup(), Owner.class, "sq", MethodType.methodType(double.class, double[].class)));
    assertTrue(e.getMessage().contains(Owner.class.getName() + ".sq"), e.getMessage());
    assertTrue(e.getMessage().contains("compiling its generated gradient again"), e.getMessage());
  }

  @Test
  void rethrowKeepsWhatTheMethodThrew() throws Throwable {
    MethodHandle failing = PrivateMethods.staticMethod(MethodHandles.lookup(), Owner.class, "failing",
        MethodType.methodType(double.class, double.class));
    IOException checked = assertThrows(IOException.class, () -> {
      double unused = (double) failing.invokeExact(1.0);
    });
    assertEquals("checked 1.0", checked.getMessage());
    IOException thrown = new IOException("kept");
    Throwable rethrown = assertThrows(Throwable.class, () -> {
      throw PrivateMethods.rethrow(thrown);
    });
    assertSame(thrown, rethrown);
  }
}
