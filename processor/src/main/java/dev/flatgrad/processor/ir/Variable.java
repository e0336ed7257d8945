package dev.flatgrad.processor.ir;

import java.util.Optional;

/**
 * A variable of the IR. Identity matters, not the name: two locals named {@code x} in sibling
 * scopes are two variables. The name is a hint; {@code naming.Naming} fixes the final spelling.
 */
public final class Variable {

  /** Where the variable comes from, which decides how it is named and whether it is declared. */
  public enum Kind {
    /** A parameter of the user's method. */
    PARAMETER,
    /** A local the user declared. */
    LOCAL,
    /** A value the generator staged or introduced (named after its operation). */
    TEMP,
    /** The adjoint of another variable. */
    ADJOINT,
    /** The tangent (forward-mode derivative) of another variable. */
    TANGENT,
    /** Bookkeeping of the reversal: trip counts, recorded branches. */
    TAPE,
    /** A stack of saved values; its type is the type of the values. */
    STACK
  }

  private final String hint;
  private final Type type;
  private final Kind kind;
  private final Variable primal;
  /** What lowering proved of an integral variable's values; null when nothing is known. */
  private Bounds bounds;

  /**
   * The least and greatest value an integral variable holds wherever a loop of its method reads it
   * ({@code int layers = Ws.length;} is never negative): set by {@code lower.LocalRanges}, read by
   * the backward replay of counting loops to tell a last index that cannot wrap.
   */
  public record Bounds(long lo, long hi) {}

  private Variable(String hint, Type type, Kind kind, Variable primal) {
    this.hint = hint;
    this.type = type;
    this.kind = kind;
    this.primal = primal;
  }

  public static Variable parameter(String name, Type type) {
    return new Variable(name, type, Kind.PARAMETER, null);
  }

  public static Variable local(String name, Type type) {
    return new Variable(name, type, Kind.LOCAL, null);
  }

  public static Variable temp(String hint, Type type) {
    return new Variable(hint, type, Kind.TEMP, null);
  }

  public static Variable tape(String hint, Type type) {
    return new Variable(hint, type, Kind.TAPE, null);
  }

  /** A stack holding saved values of {@code type}. */
  public static Variable stack(String hint, Type type) {
    return new Variable(hint, type, Kind.STACK, null);
  }

  /** The stack of the values {@code saved} had: named after it, {@code sum2Stack} for {@code sum2}. */
  /**
   * A variable of a stack's tape written at an index ({@code CountedTapes}): named after the
   * stack, {@code sTape} and {@code sTop} for {@code sStack}, with {@code part} the suffix.
   */
  public static Variable tapeOf(Variable stack, String part, Type type) {
    return new Variable(part, type, Kind.TAPE, stack);
  }

  public static Variable stackOf(Variable saved) {
    return new Variable(saved.hint + "Stack", saved.type, Kind.STACK, saved);
  }

  /** The adjoint of {@code primal}: same type, named {@code d} + the primal's name. */
  public static Variable adjointOf(Variable primal) {
    return new Variable(Hints.adjoint(primal.hint), primal.type, Kind.ADJOINT, primal);
  }

  /** The tangent of {@code primal}: same type, named after the primal with {@code Dot}. */
  public static Variable tangentOf(Variable primal) {
    return new Variable(Hints.tangent(primal.hint), primal.type, Kind.TANGENT, primal);
  }

  /**
   * A temporary holding part of {@code primal}'s adjoint that a rule reads twice (the quotient
   * rule's share of a numerator, read again for the denominator's): named as that adjoint is,
   * numbered.
   */
  public static Variable shareOf(Variable primal) {
    return new Variable(Hints.adjoint(primal.hint), primal.type, Kind.TEMP, primal);
  }

  /** A new version of a user variable (renaming of a reassignment): same hint and kind. */
  public Variable newVersion() {
    return new Variable(hint, type, kind == Kind.PARAMETER ? Kind.LOCAL : kind, primal);
  }

  public String hint() {
    return hint;
  }

  public Type type() {
    return type;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * For an adjoint or a tangent, the variable it is the adjoint or tangent of; for the stack of one
   * variable's values, that variable; for a share of an adjoint, the adjoint's primal; otherwise null.
   */
  public Variable primal() {
    return primal;
  }

  /** What lowering proved of the variable's values, empty when nothing. */
  public Optional<Bounds> bounds() {
    return Optional.ofNullable(bounds);
  }

  /** Records that the variable holds only values within {@code b}: narrows what is known, never widens it. */
  public void bound(Bounds b) {
    bounds = bounds == null ? b : new Bounds(Math.max(bounds.lo(), b.lo()), Math.min(bounds.hi(), b.hi()));
  }

  public boolean isUserNamed() {
    return kind == Kind.PARAMETER || kind == Kind.LOCAL;
  }

  @Override
  public String toString() {
    return hint + "#" + Integer.toHexString(System.identityHashCode(this)) + ":" + type;
  }
}
