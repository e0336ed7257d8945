package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.util.List;

/** The few methods flatgrad knows on values rather than classes. */
public final class Intrinsics {

  private static final ClassRef ARRAY = new ClassRef("", "array");

  private Intrinsics() {}

  /** {@code array.clone()}: a shallow copy (so a copy of a double[][] shares its rows). */
  public static Callee clone(Type arrayType) {
    return new Callee(ARRAY, "clone", List.of(), arrayType, Callee.Kind.INTRINSIC);
  }

  public static boolean isClone(Callee c) {
    return c.kind() == Callee.Kind.INTRINSIC && c.name().equals("clone");
  }
}
