package dev.flatgrad.runtime;

/** What {@link PrivateFields} and {@link PrivateMethods} say when a handle cannot be made. */
final class PrivateAccess {

  private PrivateAccess() {}

  /**
   * The member is gone or changed: the user's class was compiled again without its generated
   * gradient. {@code verb} is what generated code does with it ("read", "call").
   */
  static IllegalStateException stale(String verb, Class<?> owner, String name, ReflectiveOperationException e) {
    return new IllegalStateException("flatgrad: generated code cannot " + verb + " " + owner.getName() + "." + name
        + " (was the class changed without compiling its generated gradient again?): " + e, e);
  }
}
