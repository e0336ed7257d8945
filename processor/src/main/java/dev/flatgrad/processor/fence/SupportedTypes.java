package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.PrimitiveType;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;

/** The types flatgrad supports, as declared in the source, and their IR types. */
public final class SupportedTypes {

  private SupportedTypes() {}

  /** The IR type of a declared type, or a {@link Problem} naming what is unsupported. */
  public static Type of(com.github.javaparser.ast.type.Type t, Pos pos) {
    if (t instanceof PrimitiveType p) {
      return switch (p.getType()) {
        case DOUBLE -> Type.DOUBLE;
        case INT -> Type.INT;
        case LONG -> Type.LONG;
        case BOOLEAN -> Type.BOOLEAN;
        case FLOAT -> throw new Problem(
            pos,
            Tag.FLOAT,
            "float is not supported: flatgrad computes in double; declare it double");
        default -> throw new Problem(
            pos,
            Tag.TYPE,
            "type " + p + " is not supported: use double, int, long or boolean");
      };
    }
    if (t instanceof ArrayType a) {
      Type element = of(a.getComponentType(), pos);
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
    String hint =
        switch (name) {
          case "Double", "Integer", "Long", "Boolean" -> "use the primitive type instead of " + name;
          case "var" -> "give the type explicitly";
          case "String", "java.lang.String" -> "strings belong outside a @Differentiable method; move"
              + " logging and messages to its caller";
          default -> "flatgrad differentiates code over double, int, long, boolean and arrays of double and int";
        };
    throw new Problem(pos, Tag.TYPE, "type " + name + " is not supported: " + hint);
  }
}
