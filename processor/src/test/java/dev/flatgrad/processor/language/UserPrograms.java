package dev.flatgrad.processor.language;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.Method;

/**
 * Programs of package {@code rt} as users write them, compiled with their tangents and H·v, and
 * checked at points: the value bit for bit against the method's own, the gradient against centred
 * differences (and the tangent and H·v, through {@code assertGradient}).
 */
final class UserPrograms {

  private UserPrograms() {}

  /** Compiles {@code code} with every method's tangent and H·v, and loads it. */
  static Loaded compiled(String code) {
    return load(compileOk(source(withSecondOrder(code))));
  }

  /** Compiles {@code code} (package rt, class {@code cls}) and checks {@code method} at each point. */
  static void assertProgram(String code, String cls, String method, Object[]... points) throws Exception {
    Loaded l = compiled(code);
    for (Object[] args : points) {
      assertAt(l, cls, method, args);
    }
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

  /** The user's own method's value at {@code args} (static; package-private allowed). */
  private static double own(Loaded l, String cls, String method, Object[] args) throws Exception {
    for (Method m : l.loadClass(cls).getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        return (double) m.invoke(null, args);
      }
    }
    throw new AssertionError("no " + cls + "." + method);
  }

  static Object[] at(Object... args) {
    return args;
  }
}
