package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.expr.ObjectCreationExpr;
import java.util.Set;

/**
 * Which objects a {@code @Differentiable} method may make: a settings object of its own ({@code
 * new Hyper(0.1, 3)}), a {@code new Random(seed)} whose draws are constants to the derivative. The
 * object is never differentiated, as one passed in is not. A generator seeded by the clock is not
 * taken: the generated check calls the method again at nearby points and compares, which needs the
 * same draws every call.
 */
public final class Creations {

  /** The JDK's generators, by the names a source writes them. */
  private static final Set<String> GENERATORS = Set.of("Random", "java.util.Random", "SplittableRandom",
      "java.util.SplittableRandom");

  private static final Set<String> UNSEEDABLE = Set.of("SecureRandom", "java.security.SecureRandom");

  private Creations() {}

  public static boolean isUnsupported(ObjectCreationExpr o) {
    return !why(o).isEmpty();
  }

  /** What is wrong with making {@code o} here, or "" if nothing is. */
  static String why(ObjectCreationExpr o) {
    String type = o.getType().getNameWithScope();
    if (o.getAnonymousClassBody().isPresent()) {
      return "an anonymous class (new " + type + "() {...}) is not supported in a @Differentiable method:"
          + " declare a named class and make it in the caller, passing the object in";
    }
    if (o.getScope().isPresent()) {
      return "`" + o + "` makes an inner object of another: make it in the caller and pass it in";
    }
    if (o.getType().getTypeArguments().filter(a -> a.isEmpty()).isPresent()) {
      return "`" + o + "`: write the type arguments (new " + type + "<Double>(...)) rather than <>";
    }
    if (UNSEEDABLE.contains(type) || GENERATORS.contains(type) && o.getArguments().isEmpty()) {
      return "`" + o + "` draws different numbers on every call, so the gradient could not be checked"
          + " (its check calls the method again and compares): seed it, new " + o.getType().getName()
          + "(seed) with seed a long parameter, so that every call draws the same numbers";
    }
    return "";
  }
}
