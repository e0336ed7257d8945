package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The types flatgrad supports, as declared in the source, and their IR types: the numbers and
 * their arrays, which are differentiated, and every other class, record, interface or enum (a
 * record of hyper-parameters, an enum choosing a penalty, a {@code String}), an opaque value that
 * never is: a constant to the derivative, read through its fields and methods.
 */
public final class SupportedTypes {

  /** Boxed numbers: their primitive is meant (arithmetic on a boxed value is not an opaque read). */
  private static final Set<String> BOXED = Set.of("Double", "Integer", "Long", "Boolean", "Float", "Short", "Byte",
      "Character", "java.lang.Double", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean", "java.lang.Float",
      "java.lang.Short", "java.lang.Byte", "java.lang.Character");

  private SupportedTypes() {}

  /** The IR type of a declared type, or a {@link Problem} naming what is unsupported. */
  public static Type of(com.github.javaparser.ast.type.Type t, Pos pos) {
    if (t instanceof PrimitiveType p) {
      return switch (p.getType()) {
        case DOUBLE -> Type.DOUBLE;
        case INT -> Type.INT;
        case LONG -> Type.LONG;
        case BOOLEAN -> Type.BOOLEAN;
        case CHAR -> Type.CHAR;
        case FLOAT -> throw new Problem(
            pos,
            Tag.FLOAT,
            "float is not supported: flatgrad computes in double; declare it double");
        default -> throw new Problem(
            pos,
            Tag.TYPE,
            "type " + p + " is not supported: use double, int, long, char or boolean");
      };
    }
    if (t instanceof ArrayType a) {
      Type element = of(a.getComponentType(), pos);
      if (element.isObject()) {
        throw new Problem(pos, Tag.TYPE, "arrays of objects (" + t + ") are not supported: pass the values"
            + " flatgrad differentiates as arrays of double, and the objects one by one or in a record (samples"
            + " of a record (double[] x, double y) as double[][] X and double[] y; layers as a record holding each"
            + " layer, or their weights as double[][][] W and double[][] b)");
      }
      if (element.rank() + 1 > 3 || element.rank() + 1 == 3 && element.prim() != Type.Prim.DOUBLE) {
        throw new Problem(
            pos,
            Tag.RANK,
            "arrays of rank 3 or more (" + t + ") are not supported: flatten to double[][]"
                + " (a stack of matrices, double[][][], is supported as a parameter)");
      }
      return element.arrayOf();
    }
    String name = t.asString();
    if (t instanceof ClassOrInterfaceType c && !BOXED.contains(c.getNameWithScope())) {
      return Type.of(written(c, pos));
    }
    String hint =
        switch (name) {
          case "Double", "Integer", "Long", "Boolean", "Character" -> "use the primitive type instead of " + name;
          case "var" -> "give the type explicitly";
          default -> "flatgrad differentiates code over double, int, long, boolean and arrays of double and int";
        };
    throw new Problem(pos, Tag.TYPE, "type " + name + " is not supported: " + hint);
  }

  /**
   * A class, record, interface or enum as written ({@code Hyper}, {@code Fit.Hyper}, {@code
   * List<Double>}): an opaque value of the user's, never differentiated, whose package lowering
   * finds ({@code lower.ClassContext#resolve}). Its type arguments are classes too.
   */
  private static ClassRef written(ClassOrInterfaceType c, Pos pos) {
    List<ClassRef> arguments = new ArrayList<>();
    for (com.github.javaparser.ast.type.Type a : c.getTypeArguments().orElse(new NodeList<>())) {
      if (!(a instanceof ClassOrInterfaceType argument)) {
        // A list of arrays is how people keep a network's activations: say what holds them instead.
        String instead = a.isArrayType() && a.getArrayLevel() == 1
            ? "; keep the arrays as the rows of a " + a + "[] (new " + a.getElementType() + "[count][],"
                + " a row assigned each)"
            : "";
        throw new Problem(pos, Tag.TYPE, "type " + c + " is not supported: flatgrad takes objects whose type"
            + " arguments are classes (List<Double>, Map<String, Hyper>)" + instead);
      }
      arguments.add(written(argument, pos));
    }
    return new ClassRef("", c.getNameWithScope(), arguments);
  }
}
