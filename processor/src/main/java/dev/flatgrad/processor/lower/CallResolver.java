package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;

/** Resolves a call written in user code (or a rule template) to the method it invokes. */
public interface CallResolver {

  /**
   * The callee of {@code owner.name(args)}; {@code owner} is null for an unqualified call. Throws
   * a {@link dev.flatgrad.processor.base.Problem} that says what to do if there is none.
   */
  Callee resolve(ClassRef owner, String name, List<Type> argTypes, Pos pos);

  /**
   * The callee of {@code object.name(args)} for an object of class {@code owner} (a record of
   * settings, an enum, a String): a method without a gradient, whose value is a constant to the
   * derivative where its arguments are. Throws a {@link dev.flatgrad.processor.base.Problem} if
   * there is none.
   */
  default Callee resolveOn(ClassRef owner, String name, List<Type> argTypes, Pos pos) {
    throw new dev.flatgrad.processor.base.Problem(pos, dev.flatgrad.processor.base.Tag.UNSUPPORTED,
        "calling `" + name + "` on a " + owner.simpleName() + " is not supported here");
  }

  /** Whether {@code owner} has a method of this name (for static on-demand imports). */
  boolean hasMethod(ClassRef owner, String name);

  /** Whether the resolved method is an instance method (called on {@code self}). */
  default boolean isInstanceMethod(Callee callee) {
    return false;
  }

  /** Parameter or argument types as a message shows them: {@code (double, double[])}. */
  static String signature(List<Type> types) {
    return types.stream().map(Type::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

  /**
   * Picks the most specific of the candidates applicable to the argument types (JLS 15.12.2.5):
   * one whose parameters could be passed to the others', as {@code Math.max(int, int)} is more
   * specific than {@code Math.max(double, double)} for two ints.
   */
  static Optional<Callee> mostSpecific(List<Callee> candidates, List<Type> argTypes) {
    Callee best = null;
    for (Callee c : candidates) {
      if (!applicable(c.params(), argTypes)) {
        continue;
      }
      if (best == null || applicable(best.params(), c.params())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean applicable(List<Type> params, List<Type> args) {
    if (params.size() != args.size()) {
      return false;
    }
    for (int i = 0; i < params.size(); i++) {
      if (!Types.assignable(args.get(i), params.get(i))) {
        return false;
      }
    }
    return true;
  }
}
