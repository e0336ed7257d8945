package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * An expression of the IR: a tree, typed, free of side effects except {@link Call}s to the tape
 * (push, pop). Lowering keeps the user's expression structure; staging later names the nodes
 * whose values the backward pass needs.
 */
public sealed interface Expr {

  Type type();

  /**
   * A constant: its type and value ({@code null} is a reference-typed constant of value 0, {@code
   * true} is 1). How it reads is the printers' ({@link Literals}): a constant flatgrad makes is
   * spelled from its value; a literal of the user keeps the {@link Written} spelling of its
   * magnitude ({@code 1e-3}, {@code 0x1F}, {@code 10L}) so that the output reads as the input, its
   * sign coming from the value; a {@link Named} constant ({@code Math.PI}) is a reference to the
   * field that holds it, printed by that name, and never folded into another number.
   */
  record Const(Type type, double value, Spelling spelling) implements Expr {

    /** How a constant is written, when its value alone would not say it as the source does. */
    public sealed interface Spelling {}

    /** The magnitude as the user wrote it. */
    public record Written(String digits) implements Spelling {}

    /** A static final field of {@code owner} whose value flatgrad knows. */
    public record Named(ClassRef owner, String field) implements Spelling {}

    public Const {
      // A spelling equal to the one the value gives is no spelling: 1.0 written is 1.0 made.
      if (spelling instanceof Written w && w.digits().equals(Literals.magnitude(type, value))) {
        spelling = null;
      }
    }

    public static Const ofDouble(double value) {
      return new Const(Type.DOUBLE, value, null);
    }

    public static Const ofInt(int value) {
      return new Const(Type.INT, value, null);
    }

    public static Const ofBoolean(boolean value) {
      return new Const(Type.BOOLEAN, value ? 1 : 0, null);
    }

    /** The value a variable of type {@code t} has before it is assigned: 0, false, null. */
    public static Const zero(Type t) {
      return new Const(t, 0, null);
    }

    /** {@code Math.PI}, {@code Math.E}. */
    public static Const named(ClassRef owner, String field, double value) {
      return new Const(Type.DOUBLE, value, new Named(owner, field));
    }

    /** A number written in the code, not a named constant: only these fold into others. */
    public boolean isLiteral() {
      return !(spelling instanceof Named) && type.isNumeric();
    }

    /** Whether the value is below zero (-0.0 included): a literal printed with its minus. */
    public boolean isNegative() {
      return type.isNumeric() && Double.compare(value, 0.0) < 0;
    }

    /** The same literal with the opposite sign, its spelling kept. */
    public Const negated() {
      return new Const(type, -value, spelling);
    }
  }

  /** A read of a variable. */
  record Ref(Variable var) implements Expr {
    @Override
    public Type type() {
      return var.type();
    }
  }

  /**
   * A read of a field: a static field of {@code owner} when {@code target} is null, else the
   * field of the object {@code target} (the receiver of an instance method, {@code self}). A
   * private field is read {@code viaHandle}: through a {@code VarHandle} the generated class holds;
   * a record's component through its {@code accessor}, {@code h.delta()}, which only reads it.
   */
  record FieldRef(ClassRef owner, String name, Type type, Expr target, boolean viaHandle, boolean accessor)
      implements Expr {

    /** A field read directly, by its name. */
    public FieldRef(ClassRef owner, String name, Type type, Expr target) {
      this(owner, name, type, target, false, false);
    }

    public FieldRef(ClassRef owner, String name, Type type, Expr target, boolean viaHandle) {
      this(owner, name, type, target, viaHandle, false);
    }

    /** A record component of {@code target} read through the accessor the record declares for it. */
    public static FieldRef accessor(ClassRef owner, String name, Type type, Expr target) {
      return new FieldRef(owner, name, type, target, false, true);
    }
  }

  /** Unary minus and logical not. */
  record Unary(UnaryOp op, Expr operand, Type type) implements Expr {}

  /** Arithmetic, comparison and logic. */
  record Binary(BinaryOp op, Expr left, Expr right, Type type) implements Expr {}

  /**
   * A call: a static method (receiver null) or an instance method of {@code receiver}. Two calls
   * of one method on equal arguments are equal wherever they were written ({@code pos} only says
   * where to report a problem).
   */
  record Call(Expr receiver, Callee callee, List<Expr> args, Pos pos) implements Expr {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public Type type() {
      return callee.result();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Call c && java.util.Objects.equals(receiver, c.receiver) && callee.equals(c.callee)
          && args.equals(c.args);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(receiver, callee, args);
    }
  }

  /** An element read {@code array[index]}; {@code a[i][j]} is two of these. */
  record Index(Expr array, Expr index) implements Expr {
    @Override
    public Type type() {
      return array.type().element();
    }
  }

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /** {@code cond ? whenTrue : whenFalse}. */
  record Cond(Expr cond, Expr whenTrue, Expr whenFalse, Type type) implements Expr {}

  /** A primitive conversion such as {@code (double) n} or {@code (int) x}. */
  record Cast(Type type, Expr operand) implements Expr {}

  /** {@code new double[n][m]}: a zero-filled array. */
  record NewArray(Type type, List<Expr> dims) implements Expr {
    public NewArray {
      dims = List.copyOf(dims);
    }
  }

  /**
   * A call of a method with a generated gradient whose value and gradient were computed ahead by
   * its gradient method into {@code record} (printed {@code record.value()}); {@code call} is the
   * call it stands for, whose arguments the gradient flows to. A call of kind {@link
   * Callee.Kind#TANGENT} stands for the callee's directional derivative, computed ahead into the
   * record of its tangent or H·v method (printed {@code record.valueDot()}).
   */
  record Precomputed(Variable record, Call call) implements Expr {
    @Override
    public Type type() {
      return call.type();
    }
  }

  /** {@code {a, b, c}} or {@code new double[] {a, b, c}}. */
  record ArrayLit(Type type, List<Expr> elements) implements Expr {
    public ArrayLit {
      elements = List.copyOf(elements);
    }
  }
}
