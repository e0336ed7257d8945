package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Literals;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.naming.Naming;
import java.util.List;
import java.util.Map;

/** Prints IR as Java through JavaPoet, with the fewest parentheses Java's precedence allows. */
public final class JavaPrinter {

  private static final int PRIMARY = 16;
  private static final int UNARY = 14;
  private static final int CAST = 13;
  private static final int CONDITIONAL = 2;

  private final Naming naming;
  private final ClassRef generated;
  private final java.util.function.Function<Expr.FieldRef, String> handles;
  private final PrivateCalls calls;
  private final Map<List<Stmt>, CodeBlock> replaced = new java.util.IdentityHashMap<>();

  /**
   * A printer of one method's code; {@code handles} names the {@code VarHandle} constant of the
   * generated class through which a private field is read, {@code calls} makes the calls of the
   * user's methods (private ones through a bridge).
   */
  JavaPrinter(Naming naming, ClassRef generated, java.util.function.Function<Expr.FieldRef, String> handles,
      PrivateCalls calls) {
    this.naming = naming;
    this.generated = generated;
    this.handles = handles;
    this.calls = calls;
  }

  public static TypeName typeName(Type t) {
    TypeName base =
        switch (t.prim()) {
          case DOUBLE -> TypeName.DOUBLE;
          case INT -> TypeName.INT;
          case LONG -> TypeName.LONG;
          case BOOLEAN -> TypeName.BOOLEAN;
          case CHAR -> TypeName.CHAR;
          case OBJECT -> objectTypeName(t.object());
        };
    for (int i = 0; i < t.rank(); i++) {
      base = ArrayTypeName.of(base);
    }
    return base;
  }

  /** A class, with its type arguments if it has any ({@code List<Double>}). */
  private static TypeName objectTypeName(ClassRef c) {
    if (c.typeArguments().isEmpty()) {
      return className(c);
    }
    return ParameterizedTypeName.get(className(c),
        c.typeArguments().stream().map(JavaPrinter::objectTypeName).toArray(TypeName[]::new));
  }

  public static ClassName className(ClassRef c) {
    String[] parts = c.simpleName().split("\\.");
    return ClassName.get(c.packageName(), parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length));
  }

  /** The declared type of a variable: its value type, or its stack class for a stack. */
  public TypeName declaredType(Variable v) {
    if (v.kind() == Variable.Kind.STACK) {
      ClassName stack = className(Tapes.stackClass(v.type()));
      return v.type().isReference() ? ParameterizedTypeName.get(stack, typeName(v.type())) : stack;
    }
    return typeName(v.type());
  }

  public String name(Variable v) {
    return naming.of(v);
  }

  // ------------------------------------------------------------------ expressions

  public CodeBlock expr(Expr e) {
    return expr(e, 0);
  }

  private CodeBlock expr(Expr e, int required) {
    int own = precedence(e);
    CodeBlock body = exprBody(e);
    return own < required ? CodeBlock.of("($L)", body) : body;
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Unary) {
      return UNARY;
    }
    if (e instanceof Expr.Const c && Literals.printsMinus(c)) {
      return UNARY;
    }
    if (e instanceof Expr.Cast || e instanceof Expr.FieldRef f && f.viaHandle()) {
      return CAST;
    }
    if (e instanceof Expr.Cond) {
      return CONDITIONAL;
    }
    return PRIMARY;
  }

  private CodeBlock exprBody(Expr e) {
    if (e instanceof Expr.Const c) {
      if (c.spelling() instanceof Expr.Const.Named n) {
        return CodeBlock.of("$T.$L", className(n.owner()), n.field());
      }
      return CodeBlock.of("$L", Literals.text(c));
    }
    if (e instanceof Expr.Ref r) {
      return CodeBlock.of("$L", naming.of(r.var()));
    }
    if (e instanceof Expr.FieldRef f && f.viaHandle()) {
      String handle = handles.apply(f);
      // Qualified if a local of the method has the handle's name.
      CodeBlock h = naming.uses(handle) ? CodeBlock.of("$T.$L", className(generated), handle) : CodeBlock.of("$L", handle);
      return CodeBlock.of("($T) $L.get($L)", typeName(f.type()), h,
          f.target() == null ? CodeBlock.of("") : expr(f.target()));
    }
    if (e instanceof Expr.FieldRef f) {
      if (f.target() != null) {
        return CodeBlock.of("$L.$L$L", expr(f.target(), PRIMARY), f.name(), f.accessor() ? "()" : "");
      }
      if (f.owner().equals(generated)) {
        return CodeBlock.of("$L", f.name());
      }
      return CodeBlock.of("$T.$L", className(f.owner()), f.name());
    }
    if (e instanceof Expr.Unary u) {
      CodeBlock operand = expr(u.operand(), UNARY);
      boolean clash = u.op() == UnaryOp.NEG && operand.toString().startsWith("-");
      return clash ? CodeBlock.of("$L($L)", u.op().symbol(), operand) : CodeBlock.of("$L$L", u.op().symbol(), operand);
    }
    if (e instanceof Expr.Binary b) {
      int p = b.op().precedence();
      if (integralOperandsOfADouble(b)) {
        // Java would compute in int or long what the IR computes in double (n / 2): widen first.
        return CodeBlock.of("$L $L $L", expr(new Expr.Cast(Type.DOUBLE, b.left()), p), b.op().symbol(),
            expr(b.right(), p + 1));
      }
      CodeBlock left = expr(b.left(), p);
      CodeBlock right = expr(b.right(), p + 1);
      return CodeBlock.of("$L $L $L", left, b.op().symbol(), right);
    }
    if (e instanceof Expr.Cond c) {
      return CodeBlock.of("$L ? $L : $L", expr(c.cond(), CONDITIONAL + 1), expr(c.whenTrue(), CONDITIONAL + 1),
          expr(c.whenFalse(), CONDITIONAL));
    }
    if (e instanceof Expr.Cast c) {
      return CodeBlock.of("($T) $L", typeName(c.type()), expr(c.operand(), UNARY));
    }
    if (e instanceof Expr.Index i) {
      return CodeBlock.of("$L[$L]", expr(i.array(), PRIMARY), expr(i.index()));
    }
    if (e instanceof Expr.Length l) {
      return CodeBlock.of("$L.length", expr(l.array(), PRIMARY));
    }
    if (e instanceof Expr.Call c) {
      Expr squared = squaredUnderSum(c);
      if (squared != null) {
        // One pass, no temporary, and bit for bit the same sum: each x * x added in the same order.
        return CodeBlock.of("$T.sumOfSquares($L)", className(ClassRef.ND), expr(squared));
      }
      CodeBlock args = args(c.args());
      if (c.callee().kind() == Callee.Kind.CONSTRUCTOR) {
        return CodeBlock.of("new $T($L)", objectTypeName(c.callee().owner()), args);
      }
      if (c.receiver() == null && c.callee().owner().equals(generated)) {
        return CodeBlock.of("$L($L)", c.callee().name(), args);
      }
      return calls.call(c.callee(), c.receiver() == null ? null : expr(c.receiver(), PRIMARY), args);
    }
    if (e instanceof Expr.NewArray n) {
      CodeBlock.Builder b = CodeBlock.builder().add("new $T", typeName(new Type(n.type().prim(), 0)));
      for (Expr d : n.dims()) {
        b.add("[$L]", expr(d));
      }
      for (int i = n.dims().size(); i < n.type().rank(); i++) {
        b.add("[]");
      }
      return b.build();
    }
    if (e instanceof Expr.ArrayLit a) {
      return CodeBlock.of("new $T {$L}", typeName(a.type()), args(a.elements()));
    }
    if (e instanceof Expr.Precomputed p) {
      // A directional derivative computed ahead reads the record's valueDot, a value its value.
      String component = p.call().callee().kind() == Callee.Kind.TANGENT ? GeneratedNames.VALUE_DOT : GeneratedNames.VALUE;
      return CodeBlock.of("$L.$L()", naming.of(p.record()), component);
    }
    throw new IllegalStateException("cannot print " + e);
  }

  private static boolean integralOperandsOfADouble(Expr.Binary b) {
    return b.op().isArithmetic() && b.type().equals(Type.DOUBLE)
        && !javaType(b.left()).equals(Type.DOUBLE) && !javaType(b.right()).equals(Type.DOUBLE);
  }

  /**
   * The type Java gives {@code e} as printed: a negation or a choice of ints is an int whatever
   * the IR says (an arithmetic of ints the IR types double is printed widened, above).
   */
  private static Type javaType(Expr e) {
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG) {
      return javaType(u.operand());
    }
    if (e instanceof Expr.Cond c) {
      Type t = javaType(c.whenTrue());
      Type f = javaType(c.whenFalse());
      return t.equals(Type.DOUBLE) || f.equals(Type.DOUBLE) ? Type.DOUBLE : t.equals(Type.LONG) ? t : f;
    }
    return e.type();
  }

  private CodeBlock args(List<Expr> args) {
    return args.stream().map(this::expr).collect(CodeBlock.joining(", "));
  }

  // ------------------------------------------------------------------ statements

  /** Adds the statements to {@code out} (or, for a block moved into methods of its own, their calls). */
  public void stmts(List<Stmt> stmts, CodeBlock.Builder out) {
    CodeBlock replacement = replaced.get(stmts);
    if (replacement != null) {
      out.add(replacement);
      return;
    }
    for (Stmt s : stmts) {
      stmt(s, out);
    }
  }

  /** Prints these blocks (by identity) as the given code: the calls of the methods they moved to. */
  public void replace(Map<List<Stmt>, CodeBlock> blocks) {
    replaced.putAll(blocks);
  }

  private void stmt(Stmt s, CodeBlock.Builder out) {
    if (s instanceof Stmt.Comment c) {
      out.add("// $L\n", c.about() != null ? oneLine(c.about()) : c.text());
    } else if (s instanceof Stmt.Assign || s instanceof Stmt.Store || s instanceof Stmt.Eval
        || s instanceof Stmt.Declare) {
      out.addStatement("$L", simple(s));
    } else if (s instanceof Stmt.If f) {
      ifStmt(f, out, "if ($L)");
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (s instanceof Stmt.Break) {
      out.addStatement("break");
    } else if (s instanceof Stmt.Continue) {
      out.addStatement("continue");
    } else if (s instanceof Stmt.Return r) {
      out.addStatement("return $L", expr(r.value()));
    } else if (s instanceof Stmt.Throw t) {
      out.addStatement("throw new $T($L)", className(t.exception()), arguments(t));
    } else {
      throw new IllegalStateException("cannot print " + s);
    }
  }

  /** A throw's arguments as the user wrote them, with the method's values as named here. */
  private CodeBlock arguments(Stmt.Throw t) {
    CodeBlock.Builder out = CodeBlock.builder();
    int add = BinaryOp.ADD.precedence();
    for (Stmt.Throw.Piece p : t.arguments()) {
      if (p instanceof Stmt.Throw.Text x) {
        out.add("$L", x.source());
      } else if (p instanceof Stmt.Throw.Named n) {
        out.add("$T", className(n.type()));
      } else if (p instanceof Stmt.Throw.Value v) {
        out.add("$L", expr(v.value(), !v.concatenated() ? 0 : v.right() ? add + 1 : add));
      }
    }
    return out.build();
  }

  private void ifStmt(Stmt.If f, CodeBlock.Builder out, String header) {
    out.beginControlFlow(header, expr(f.cond()));
    stmts(f.then().stmts(), out);
    if (endsWithJump(f.then()) && !f.otherwise().isEmpty()) {
      // As the user wrote it: what follows `if (...) { break; }` needs no else.
      out.endControlFlow();
      stmts(f.otherwise().stmts(), out);
      return;
    }
    Block otherwise = f.otherwise();
    while (!replaced.containsKey(otherwise.stmts()) && otherwise.stmts().size() == 1
        && otherwise.stmts().get(0) instanceof Stmt.If nested) {
      out.nextControlFlow("else if ($L)", expr(nested.cond()));
      stmts(nested.then().stmts(), out);
      otherwise = nested.otherwise();
    }
    if (!otherwise.isEmpty()) {
      out.nextControlFlow("else");
      stmts(otherwise.stmts(), out);
    }
    out.endControlFlow();
  }

  private static boolean endsWithJump(Block b) {
    if (b.isEmpty()) {
      return false;
    }
    Stmt last = b.stmts().get(b.stmts().size() - 1);
    return Stmts.leaves(last);
  }

  private void loop(Stmt.Loop l, CodeBlock.Builder out) {
    switch (l.kind()) {
      case FOR -> {
        CodeBlock init = l.init().stream().map(this::simple).collect(CodeBlock.joining(", "));
        if (l.init().size() > 1 && l.init().stream().allMatch(s -> s instanceof Stmt.Assign a && a.declares())) {
          init = CodeBlock.of("$T $L", declaredType(((Stmt.Assign) l.init().get(0)).target()),
              l.init().stream().map(s -> {
                Stmt.Assign a = (Stmt.Assign) s;
                return CodeBlock.of("$L = $L", naming.of(a.target()), expr(a.value()));
              }).collect(CodeBlock.joining(", ")));
        }
        CodeBlock update = l.update().stream().map(this::simple).collect(CodeBlock.joining(", "));
        boolean always = l.cond() instanceof Expr.Const c && c.value() != 0;
        out.beginControlFlow("for ($L; $L; $L)", init, always ? "" : expr(l.cond()), update);
        stmts(l.body().stmts(), out);
        out.endControlFlow();
      }
      case WHILE -> {
        out.beginControlFlow("while ($L)", expr(l.cond()));
        stmts(l.body().stmts(), out);
        out.endControlFlow();
      }
      case DO_WHILE -> {
        out.beginControlFlow("do");
        stmts(l.body().stmts(), out);
        out.endControlFlow("while ($L)", expr(l.cond()));
      }
    }
  }

  /** An assignment, store, evaluation or declaration, without its semicolon. */
  public CodeBlock simple(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      String name = naming.of(a.target());
      if (a.declares()) {
        return CodeBlock.of("$T $L = $L", declaredType(a.target()), name, expr(a.value()));
      }
      if (a.compound() == null) {
        return CodeBlock.of("$L = $L", name, expr(a.value()));
      }
      if (a.target().type().isIntegral() && a.value() instanceof Expr.Const c && c.value() == 1
          && (a.compound() == BinaryOp.ADD || a.compound() == BinaryOp.SUB)) {
        return CodeBlock.of("$L$L", name, a.compound() == BinaryOp.ADD ? "++" : "--");
      }
      return CodeBlock.of("$L $L= $L", name, a.compound().symbol(), expr(a.value()));
    }
    if (s instanceof Stmt.Store st) {
      String op = st.compound() == null ? "=" : st.compound().symbol() + "=";
      return CodeBlock.of("$L $L $L", expr(st.element()), op, expr(st.value()));
    }
    if (s instanceof Stmt.Eval e) {
      return expr(e.expr());
    }
    if (s instanceof Stmt.Declare d) {
      Variable v = d.target();
      if (v.kind() == Variable.Kind.STACK) {
        return CodeBlock.of("$T $L = $T.borrow()", declaredType(v), naming.of(v),
            className(Tapes.stackClass(v.type())));
      }
      return CodeBlock.of("$T $L", declaredType(v), naming.of(v));
    }
    throw new IllegalStateException("not a simple statement: " + s);
  }

  private CodeBlock oneLine(Stmt s) {
    if (s instanceof Stmt.Assign a && a.declares()) {
      return CodeBlock.of("$L = $L", naming.of(a.target()), expr(a.value()));
    }
    return simple(s);
  }

  /** The x of {@code Nd.sum(Nd.square(x))} or {@code Nd.sum(Nd.multiply(x, x))}, summed whole; else null. */
  private static Expr squaredUnderSum(Expr.Call c) {
    if (!isNd(c, "sum", 1) || !(c.args().get(0) instanceof Expr.Call inner)) {
      return null;
    }
    if (isNd(inner, "square", 1) && inner.args().get(0).type().isArray()) {
      return inner.args().get(0);
    }
    boolean same = isNd(inner, "multiply", 2) && inner.args().get(0).equals(inner.args().get(1))
        && inner.args().get(0).type().isArray();
    return same ? inner.args().get(0) : null;
  }

  private static boolean isNd(Expr.Call c, String name, int args) {
    return c.receiver() == null && c.callee().owner().equals(ClassRef.ND) && c.callee().name().equals(name)
        && c.args().size() == args;
  }
}
