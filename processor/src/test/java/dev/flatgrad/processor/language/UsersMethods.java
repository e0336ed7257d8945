package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Checks a program of package {@code rt} as a user wrote it: at each point, the generated value
 * bit for bit against the method's own, and the gradient (with its tangent and H·v) against
 * centred differences.
 */
final class UsersMethods {

  private UsersMethods() {}

  /** Compiles {@code code} (package rt, class {@code cls}), checks {@code method} at each point, and gives the classes. */
  static Loaded assertProgram(String code, String cls, String method, Object[]... points) throws Exception {
    Loaded l = compiled(code);
    for (Object[] args : points) {
      assertAt(l, cls, method, args);
    }
    return l;
  }

  /** Compiles {@code code} with every method's tangent and H·v, and loads it (for points made of its records). */
  static Loaded compiled(String code) {
    return load(compileOk(source(withSecondOrder(code))));
  }

  /** Checks static {@code method} of {@code rt.cls} at {@code args}: its value bit for bit, its gradient. */
  static void assertAt(Loaded l, String cls, String method, Object... args) throws Exception {
    Object result = l.call("rt." + cls + "Grad", method, args);
    double value = (double) Loaded.component(result, "value");
    double own = own(l, "rt." + cls, method, args);
    assertWithMessage("%s.%s value", cls, method)
        .that(Double.doubleToRawLongBits(value)).isEqualTo(Double.doubleToRawLongBits(own));
    assertGradient(l, "rt." + cls + "Grad", method, args);
  }

  /**
   * Checks static {@code method} of {@code rt.cls}, which returns a {@code double[]}, at {@code args}
   * pulled back along {@code dout}: its value bit for bit, entry by entry, and its gradient.
   */
  static void assertArrayAt(Loaded l, String cls, String method, double[] dout, Object... args) throws Exception {
    Object[] withDout = java.util.Arrays.copyOf(args, args.length + 1);
    withDout[args.length] = dout;
    double[] value = (double[]) Loaded.component(l.call("rt." + cls + "Grad", method, withDout), "value");
    double[] own = (double[]) ownResult(l, "rt." + cls, method, args);
    assertWithMessage("%s.%s length", cls, method).that(value.length).isEqualTo(own.length);
    for (int i = 0; i < own.length; i++) {
      assertWithMessage("%s.%s value[%s]", cls, method, i)
          .that(Double.doubleToRawLongBits(value[i])).isEqualTo(Double.doubleToRawLongBits(own[i]));
    }
    assertGradient(l, "rt." + cls + "Grad", method, withDout);
  }

  /** The generated gradient of {@code method} throws at {@code args} what the method itself does, message and all. */
  static void assertThrowsAsTheMethod(Loaded l, String cls, String method, Object... args) throws Exception {
    Throwable own = assertThrows(InvocationTargetException.class, () -> own(l, "rt." + cls, method, args)).getCause();
    RuntimeException generated = assertThrows(RuntimeException.class, () -> l.call("rt." + cls + "Grad", method, args));
    assertThat(generated.getClass()).isEqualTo(own.getClass());
    assertThat(generated).hasMessageThat().isEqualTo(own.getMessage());
  }

  /** The user's own method's value at {@code args} (static; package-private allowed). */
  private static double own(Loaded l, String cls, String method, Object[] args) throws Exception {
    return (double) ownResult(l, cls, method, args);
  }

  /** The user's own method's result at {@code args} (static; package-private allowed). */
  private static Object ownResult(Loaded l, String cls, String method, Object[] args) throws Exception {
    for (Method m : l.loadClass(cls).getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        return m.invoke(null, args);
      }
    }
    throw new AssertionError("no " + cls + "." + method);
  }

  /** A point: the arguments of one call. */
  static Object[] at(Object... args) {
    return args;
  }
}
