package dev.flatgrad.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * How generated code calls the private methods of the class it differentiates (a helper without a
 * gradient, or a method's own value in its check): through a {@code MethodHandle} held in a {@code
 * static final} field of the generated class, which the JIT inlines like a direct call. The
 * generated class passes its own lookup: it lives in the same package and module as the class it
 * calls, which is what {@link MethodHandles#privateLookupIn} asks.
 */
public final class PrivateMethods {

  private PrivateMethods() {}

  /** A handle on static method {@code owner.name} of that type: {@code (double) H.invokeExact(x)}. */
  public static MethodHandle staticMethod(MethodHandles.Lookup caller, Class<?> owner, String name, MethodType type) {
    try {
      return MethodHandles.privateLookupIn(owner, caller).findStatic(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw PrivateAccess.stale("call", owner, name, e);
    }
  }

  /**
   * A handle on instance method {@code owner.name} of that type, taking the object first: {@code
   * (double) H.invokeExact(self, x)}.
   */
  public static MethodHandle instanceMethod(MethodHandles.Lookup caller, Class<?> owner, String name, MethodType type) {
    try {
      return MethodHandles.privateLookupIn(owner, caller).findVirtual(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw PrivateAccess.stale("call", owner, name, e);
    }
  }

  /**
   * Throws {@code t}, which the called method threw, as it is: the generated call site declares no
   * exceptions, but it must not wrap the user's own (an {@code IllegalArgumentException} of a guard
   * stays one). Written {@code throw PrivateMethods.rethrow(t)} so that javac sees the throw.
   */
  public static RuntimeException rethrow(Throwable t) {
    throw PrivateMethods.<RuntimeException>unchecked(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T unchecked(Throwable t) throws T {
    throw (T) t;
  }
}
