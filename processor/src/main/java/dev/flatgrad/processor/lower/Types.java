package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Type;

/** Java's assignment conversions between the IR's types. */
final class Types {

  private Types() {}

  /** Whether a value of type {@code from} may be passed where {@code to} is expected. */
  static boolean assignable(Type from, Type to) {
    if (from.equals(to)) {
      return true;
    }
    if (from.isObject() && to.isObject() && from.rank() == 0 && to.rank() == 0) {
      // Objects are the user's opaque values: javac has checked their types.
      return true;
    }
    if (from.rank() != 0 || to.rank() != 0) {
      return false;
    }
    return switch (to.prim()) {
      case DOUBLE -> from.isIntegral();
      case LONG -> from.prim() == Type.Prim.INT || from.prim() == Type.Prim.CHAR;
      case INT -> from.prim() == Type.Prim.CHAR;
      default -> false;
    };
  }
}
