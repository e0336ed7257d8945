package dev.flatgrad.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How generated code reads the private fields of the class it differentiates: through a {@code
 * VarHandle} held in a {@code static final} field of the generated class, which the JIT folds into
 * a plain field load. The generated class passes its own lookup: it lives in the same package and
 * module as the class it reads, which is what {@link MethodHandles#privateLookupIn} asks.
 */
public final class PrivateFields {

  private PrivateFields() {}

  /** A handle on instance field {@code name} of type {@code type} of {@code owner}: {@code (double) H.get(object)}. */
  public static VarHandle instanceField(MethodHandles.Lookup caller, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, caller).findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw PrivateAccess.stale("read", owner, name, e);
    }
  }

  /** A handle on static field {@code name} of type {@code type} of {@code owner}: {@code (double) H.get()}. */
  public static VarHandle staticField(MethodHandles.Lookup caller, Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, caller).findStaticVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw PrivateAccess.stale("read", owner, name, e);
    }
  }
}
