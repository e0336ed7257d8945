package dev.flatgrad.processor.ir;

import java.util.List;

/** A statement of the IR: structured control flow over assignments to variables and elements. */
public sealed interface Stmt {

  /** Where the statement came from in the user's source ({@link Pos#NONE} if made up). */
  Pos pos();

  /**
   * {@code target = value} (or {@code target op= value} when {@code compound} is not null, which
   * means {@code target = target op value}). {@code declares} marks the declaration.
   */
  record Assign(Variable target, BinaryOp compound, Expr value, boolean declares, Pos pos)
      implements Stmt {

    /** The value the target holds afterwards, with a compound operator spelled out. */
    public Expr effectiveValue() {
      return compound == null ? value : spelledOut(compound, new Expr.Ref(target), value);
    }
  }

  /**
   * {@code array[i]...[k] = value} (or {@code op=}): a write into an element of a local array.
   */
  record Store(Variable array, List<Expr> indices, BinaryOp compound, Expr value, Pos pos)
      implements Stmt {
    public Store {
      indices = List.copyOf(indices);
    }

    /** The element read {@code array[i]...[k]}. */
    public Expr element() {
      Expr e = new Expr.Ref(array);
      for (Expr i : indices) {
        e = new Expr.Index(e, i);
      }
      return e;
    }

    /** The value the element holds afterwards, with a compound operator spelled out. */
    public Expr effectiveValue() {
      return compound == null ? value : spelledOut(compound, element(), value);
    }
  }

  /**
   * {@code target op= value} as Java defines it (JLS 15.26.2): {@code (T) (target op value)} with
   * the operation in the promoted type of both operands ({@code c[i] *= 5} multiplies doubles)
   * and the cast back to the target's type {@code T} only where that narrows ({@code n *= 2L}).
   */
  private static Expr spelledOut(BinaryOp op, Expr target, Expr value) {
    Type t = target.type();
    boolean shift = op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR;
    Type computed = !t.isNumeric() || !value.type().isNumeric() ? t
        : shift ? t.promoted() : Type.promote(t, value.type());
    Expr result = new Expr.Binary(op, target, value, computed);
    return computed.equals(t) ? result : new Expr.Cast(t, result);
  }

  /** An expression evaluated for its effect (only tape pushes in practice). */
  record Eval(Expr expr, Pos pos) implements Stmt {}

  /** {@code declared v;} without a value: a hoisted declaration. */
  record Declare(Variable target, Pos pos) implements Stmt {}

  record If(Expr cond, Block then, Block otherwise, Pos pos) implements Stmt {}

  /**
   * A loop. {@code FOR}: {@code for (init; cond; update) body}; {@code WHILE}: init and update
   * empty; {@code DO_WHILE}: the body runs before the first test.
   */
  record Loop(LoopKind kind, List<Stmt> init, Expr cond, List<Stmt> update, Block body, Pos pos)
      implements Stmt {
    public Loop {
      init = List.copyOf(init);
      update = List.copyOf(update);
    }
  }

  /** The kinds of loop. */
  enum LoopKind {
    FOR,
    WHILE,
    DO_WHILE
  }

  record Break(Pos pos) implements Stmt {}

  record Continue(Pos pos) implements Stmt {}

  record Return(Expr value, Pos pos) implements Stmt {}

  /**
   * {@code throw new exception(arguments)}: a guard of the user's, which leaves the method (the
   * backward pass never starts after it). The arguments are the user's text between the
   * parentheses, kept as pieces: source as written (literals, {@code +}, a call of {@code
   * String.format}), classes it names, and the method's values, which the passes rename and
   * print like any expression.
   */
  record Throw(ClassRef exception, List<Piece> arguments, Pos pos) implements Stmt {
    public Throw {
      arguments = List.copyOf(arguments);
    }

    /** A piece of the arguments' text. */
    public sealed interface Piece {}

    /** Source as the user wrote it: a literal, an operator, a parenthesis, a comma. */
    public record Text(String source) implements Piece {}

    /** A class the arguments name ({@code String.format}, {@code Arrays.toString}). */
    public record Named(ClassRef type) implements Piece {}

    /**
     * A value of the method ({@code n}, {@code x.length}, {@code a[i] + 1}); {@code concatenated}
     * if it is an operand of a string {@code +} (on its right when {@code right}), which decides
     * where it needs parentheses.
     */
    public record Value(Expr value, boolean concatenated, boolean right) implements Piece {}

    /** The values the arguments read, in order. */
    public List<Expr> values() {
      return arguments.stream().filter(p -> p instanceof Value).map(p -> ((Value) p).value()).toList();
    }

    /** The same throw with each value replaced by {@code f} of it. */
    public Throw mapValues(java.util.function.UnaryOperator<Expr> f) {
      return new Throw(exception,
          arguments.stream().map(p -> p instanceof Value v ? (Piece) new Value(f.apply(v.value()), v.concatenated(), v.right()) : p).toList(), pos);
    }
  }

  /**
   * A line comment, in generated code only: {@code text}, or if {@code about} is set, that forward
   * statement printed (so the backward block it heads names what it reverses).
   */
  record Comment(String text, Stmt about, Pos pos) implements Stmt {}
}
