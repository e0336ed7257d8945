package dev.flatgrad.processor.lower;

import com.github.javaparser.ast.ArrayCreationLevel;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.Creations;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.fence.RecordMethods;
import dev.flatgrad.processor.fence.RecordParameters;
import dev.flatgrad.processor.fence.SupportedTypes;
import dev.flatgrad.processor.fence.Switches;
import dev.flatgrad.processor.fence.VarargsHelpers;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lowers one JavaParser expression to a typed IR expression, or throws a {@link Problem} on the
 * first value of a type the code cannot take or name it cannot resolve. The constructs outside the
 * supported language are the fence's, which has reported them: lowering meets them only to stop
 * the statement ({@link Fence#problem}).
 */
final class ExprLowering {

  private static final ClassRef ARRAYS = new ClassRef("java.util", "Arrays");
  private static final ClassRef STRING = new ClassRef("java.lang", "String");

  private final Scope scope;
  private final ClassContext cls;
  private final CallResolver calls;
  private final FieldReads fieldReads;
  private final NamedIntConstants namedConstants;

  /** Decides how a read of a field is written in generated code. */
  interface FieldReads {
    /** A field of the user's class. */
    Expr read(ClassContext.LocalField field, Pos pos);

    /** A private static field of another class (a nested one: Java lets the user's code read it). */
    Expr readPrivate(ClassRef owner, String name, Type type);
  }

  private Variable self;
  private Fence fence = Fence.NONE;
  /** The record parameters differentiated component by component, and their nested records, by variable. */
  private final java.util.Map<Variable, dev.flatgrad.processor.ir.Unpacked> unpacked = new java.util.HashMap<>();

  /** The receiver of the instance method being lowered (calls of sibling methods go to it). */
  void setSelf(Variable self) {
    this.self = self;
  }

  /** A record parameter differentiated component by component: its components read as their variables. */
  void unpack(dev.flatgrad.processor.ir.Unpacked record) {
    unpacked.put(record.record(), record);
    record.parts().stream().filter(p -> p.nested() != null).forEach(p -> unpack(p.nested()));
  }

  /** The records {@link #unpack} was given and their nested records, by variable: read only through their components. */
  java.util.Map<Variable, dev.flatgrad.processor.ir.Unpacked> unpacked() {
    return java.util.Collections.unmodifiableMap(unpacked);
  }

  /** The fence that ran on the method: what it reported is not reported again. */
  void setFence(Fence fence) {
    this.fence = fence;
  }

  ExprLowering(Scope scope, ClassContext cls, CallResolver calls, FieldReads fieldReads) {
    this.scope = scope;
    this.cls = cls;
    this.calls = calls;
    this.fieldReads = fieldReads;
    this.namedConstants = new NamedIntConstants(scope, cls);
  }

  Expr lower(Expression e) {
    Pos pos = Nodes.pos(e);
    if (e instanceof EnclosedExpr enclosed) {
      return lower(enclosed.getInner());
    }
    if (e instanceof IntegerLiteralExpr lit) {
      Number n = lit.asNumber();
      return new Expr.Const(Type.INT, n.doubleValue(), new Expr.Const.Written(lit.getValue()));
    }
    if (e instanceof LongLiteralExpr lit) {
      return new Expr.Const(Type.LONG, lit.asNumber().doubleValue(), new Expr.Const.Written(lit.getValue()));
    }
    if (e instanceof DoubleLiteralExpr lit) {
      String text = lit.getValue();
      if (text.endsWith("f") || text.endsWith("F")) {
        throw fence.problem(lit);
      }
      return new Expr.Const(Type.DOUBLE, lit.asDouble(), new Expr.Const.Written(text));
    }
    if (e instanceof CharLiteralExpr lit) {
      return new Expr.Const(Type.CHAR, lit.asChar(), new Expr.Const.Written("'" + lit.getValue() + "'"));
    }
    if (e instanceof BooleanLiteralExpr lit) {
      return Expr.Const.ofBoolean(lit.getValue());
    }
    if (e instanceof StringLiteralExpr lit) {
      // A name compared with equals, an argument of a settings object's method: an opaque value.
      return new Expr.Const(Type.of(STRING), 0, new Expr.Const.Written("\"" + lit.getValue() + "\""));
    }
    if (e instanceof NameExpr name) {
      return name(name.getNameAsString(), pos);
    }
    if (e instanceof FieldAccessExpr access) {
      return fieldAccess(access, pos);
    }
    if (e instanceof ArrayAccessExpr access) {
      Expr array = lower(access.getName());
      if (!array.type().isArray()) {
        throw new Problem(pos, Tag.UNSUPPORTED, "indexing a value of type " + array.type());
      }
      if (array instanceof Expr.Index inner && inner.array().type().rank() == 3) {
        throw new Problem(pos, Tag.RANK,
            "indexing into a matrix of a double[][][] (" + access + "): take the whole matrix first,"
                + " double[][] m = " + access.getName() + ";");
      }
      Expr index = lower(access.getIndex());
      requireIndex(index, access.getIndex());
      return new Expr.Index(array, index);
    }
    if (e instanceof UnaryExpr unary) {
      return unary(unary, pos);
    }
    if (e instanceof BinaryExpr binary) {
      return binary(binary, pos);
    }
    if (e instanceof ConditionalExpr cond) {
      return conditional(cond, pos);
    }
    if (e instanceof CastExpr cast) {
      return cast(cast, pos);
    }
    if (e instanceof MethodCallExpr call) {
      return call(call, pos);
    }
    if (e instanceof ObjectCreationExpr creation) {
      return objectCreation(creation, pos);
    }
    if (e instanceof ArrayCreationExpr creation) {
      return arrayCreation(creation, pos);
    }
    throw fence.problem(e);
  }

  /** An array initializer {@code {a, b}} in a declaration of type {@code type}. */
  Expr arrayLiteral(ArrayInitializerExpr init, Type type) {
    Pos pos = Nodes.pos(init);
    if (!type.isArray()) {
      throw new Problem(pos, Tag.UNSUPPORTED, "an array initializer for a " + type);
    }
    List<Expr> elements = new ArrayList<>();
    for (Expression v : init.getValues()) {
      Expr element =
          v instanceof ArrayInitializerExpr nested
              ? arrayLiteral(nested, type.element())
              : lower(v);
      elements.add(storable(element, v, type.element(), Nodes.pos(v)));
    }
    return new Expr.ArrayLit(type, elements);
  }

  /**
   * {@code value}, lowered from {@code source}, as stored in a {@code to}, checked as javac would. A
   * named constant of type int a char holds narrows to a char as a literal does ({@code char c = A;},
   * JLS 5.2): it is cast, as the generated code need not read it as a constant (a final local).
   */
  Expr storable(Expr value, Expression source, Type to, Pos pos) {
    if (to.equals(Type.CHAR) && value.type().equals(Type.INT) && !CharConstants.fits(value, to)
        && namedConstants.value(source).filter(CharConstants::holds).isPresent()) {
      return new Expr.Cast(Type.CHAR, value);
    }
    requireAssignable(value, to, pos);
    return value;
  }

  /** A local declared {@code final}: a constant variable if its initializer is a constant. */
  void declaredFinal(Variable local, Expression initializer) {
    namedConstants.finalLocal(local, initializer);
  }

  /** Checks a value may be stored in a variable of type {@code to}, as javac would. */
  static void requireAssignable(Expr value, Type to, Pos pos) {
    if (!Types.assignable(value.type(), to) && !CharConstants.fits(value, to)) {
      // Java narrows only with a cast: c = c + 1 needs c = (char) (c + 1), or c++.
      String narrow = to.isIntegral() && value.type().isNumeric() ? ": write the cast, (" + to + ") (...)" : "";
      throw new Problem(
          pos, Tag.TYPE, "a value of type " + value.type() + " where " + to + " is expected" + narrow);
    }
  }

  private void requireIndex(Expr index, Expression source) {
    if (!index.type().promoted().equals(Type.INT)) {
      throw new Problem(
          Nodes.pos(source), Tag.TYPE, "an array index must be an int, not " + index.type());
    }
  }

  private Expr name(String name, Pos pos) {
    Optional<dev.flatgrad.processor.ir.Variable> local = scope.lookup(name);
    if (local.isPresent()) {
      return new Expr.Ref(local.get());
    }
    Optional<ClassContext.LocalField> field = cls.field(name);
    if (field.isPresent()) {
      return fieldReads.read(field.get(), pos);
    }
    Optional<ClassRef> declaringEnum = enclosingEnumDeclaring(name);
    if (declaringEnum.isPresent()) {
      return enumConstant(declaringEnum.get(), name);
    }
    if (name.equals("PI") || name.equals("E")) {
      Optional<ClassRef> owner = cls.staticImportOwner(name, ClassRef.MATH::equals);
      if (owner.isPresent() && owner.get().equals(ClassRef.MATH)) {
        return mathConstant(name);
      }
    }
    Optional<ClassRef> owner =
        cls.staticImportOwner(name, c -> cls.symbols().field(c.qualifiedName(), name).isPresent());
    if (owner.isPresent()) {
      return staticField(owner.get(), name, pos);
    }
    if (scope.isRejected(name)) {
      throw Problem.followOn(pos, name);
    }
    throw new Problem(
        pos,
        Tag.UNKNOWN_NAME,
        "cannot resolve `" + name + "`: flatgrad reads parameters, locals and static fields");
  }

  private static Expr mathConstant(String name) {
    return Expr.Const.named(ClassRef.MATH, name, name.equals("PI") ? Math.PI : Math.E);
  }

  private Expr fieldAccess(FieldAccessExpr access, Pos pos) {
    String field = access.getNameAsString();
    Expression scopeExpr = access.getScope();
    if (scopeExpr instanceof com.github.javaparser.ast.expr.ThisExpr) {
      Optional<ClassContext.LocalField> f = cls.field(field);
      if (f.isPresent()) {
        return fieldReads.read(f.get(), pos);
      }
    }
    Optional<ClassRef> owner = typeName(scopeExpr);
    if (owner.isPresent()) {
      if (owner.get().equals(ClassRef.MATH) && (field.equals("PI") || field.equals("E"))) {
        return mathConstant(field);
      }
      if (owner.get().equals(cls.self())) {
        Optional<ClassContext.LocalField> f = cls.field(field);
        if (f.isPresent()) {
          return fieldReads.read(f.get(), pos);
        }
      }
      return staticField(owner.get(), field, pos);
    }
    Expr target = lower(scopeExpr);
    if (target.type().isArray() && field.equals("length")) {
      return new Expr.Length(target);
    }
    if (target.type().isObject()) {
      return unpackedComponent(target, field).orElseGet(() -> objectField(target, field, pos));
    }
    throw new Problem(pos, Tag.UNSUPPORTED, "reading field `" + field + "` of a " + target.type());
  }

  /**
   * A field of an object of the user's ({@code h.lambda} of a record of settings): read as it is,
   * a constant to the derivative; its type from the class's source, or else from {@code Symbols}.
   */
  private Expr objectField(Expr target, String field, Pos pos) {
    ClassRef owner = target.type().object();
    Optional<com.github.javaparser.ast.body.TypeDeclaration<?>> source = cls.declarationOf(owner);
    if (source.isPresent()) {
      for (var declaration : source.get().getFields()) {
        for (var v : declaration.getVariables()) {
          if (!v.getNameAsString().equals(field)) {
            continue;
          }
          if (declaration.isPrivate()) {
            throw new Problem(pos, Tag.UNSUPPORTED, "`" + field + "` is a private field of " + owner.simpleName()
                + ": generated code (another class) cannot read it; read it through a method of "
                + owner.simpleName() + ", or make the field package-private");
          }
          Type type = cls.resolveVisible(SupportedTypes.of(v.getType(), pos), pos);
          return new Expr.FieldRef(owner, field, type, target);
        }
      }
    }
    var info = cls.symbols().field(owner.withTypeArguments(List.of()).qualifiedName(), field);
    if (info.isPresent() && !info.get().isPrivate()) {
      return new Expr.FieldRef(owner, field, info.get().type(), target);
    }
    throw new Problem(pos, Tag.UNKNOWN_NAME, "cannot read field `" + field + "` of a " + target.type()
        + ": flatgrad reads an object's fields that other classes can read, and its methods");
  }

  /** If the expression names a class (as the scope of a static access), that class. */
  private Optional<ClassRef> typeName(Expression e) {
    if (e instanceof NameExpr n) {
      if (scope.lookup(n.getNameAsString()).isPresent()
          || cls.field(n.getNameAsString()).isPresent()) {
        return Optional.empty();
      }
      return cls.resolveClass(n.getNameAsString());
    }
    if (e instanceof FieldAccessExpr f && isQualifiedName(f)) {
      return cls.resolveClass(f.toString());
    }
    return Optional.empty();
  }

  static boolean isQualifiedName(Expression e) {
    if (e instanceof NameExpr) {
      return true;
    }
    return e instanceof FieldAccessExpr f && isQualifiedName(f.getScope());
  }

  private Expr staticField(ClassRef owner, String name, Pos pos) {
    cls.requireVisible(owner, pos);
    if (cls.declarationOf(owner).filter(d -> d instanceof EnumDeclaration e
        && e.getEntries().stream().anyMatch(c -> c.getNameAsString().equals(name))).isPresent()) {
      return enumConstant(owner, name);
    }
    var info = cls.symbols().field(owner.qualifiedName(), name);
    if (info.isEmpty()) {
      throw new Problem(
          pos,
          Tag.UNKNOWN_NAME,
          "cannot resolve field `" + owner.simpleName() + "." + name
              + "`: flatgrad reads static fields of type double, int, long, boolean or arrays");
    }
    if (!info.get().isStatic()) {
      throw new Problem(
          pos, Tag.UNSUPPORTED, "`" + name + "` is an instance field of another class: pass it as a parameter");
    }
    if (info.get().isPrivate()) {
      return fieldReads.readPrivate(owner, name, info.get().type());
    }
    return new Expr.FieldRef(owner, name, info.get().type(), null);
  }

  /**
   * The enum, this class or one it is nested in, that declares a constant {@code name}: a method
   * of an enum names its constants unqualified ({@code Mode m = LARGE;}), as javac resolves them.
   */
  private Optional<ClassRef> enclosingEnumDeclaring(String name) {
    ClassRef c = cls.self();
    while (true) {
      ClassRef here = c;
      if (cls.declarationOf(here).filter(d -> d instanceof EnumDeclaration e
          && e.getEntries().stream().anyMatch(k -> k.getNameAsString().equals(name))).isPresent()) {
        return Optional.of(here);
      }
      int dot = c.simpleName().lastIndexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      c = new ClassRef(c.packageName(), c.simpleName().substring(0, dot));
    }
  }

  private static Expr enumConstant(ClassRef owner, String name) {
    return new Expr.FieldRef(owner, name, Type.of(owner), null);
  }

  private Expr unary(UnaryExpr unary, Pos pos) {
    switch (unary.getOperator()) {
      case PLUS:
        {
          Expr operand = numeric(lower(unary.getExpression()), unary.getExpression());
          // +c of a char is its code, an int.
          return operand.type().equals(operand.type().promoted()) ? operand : new Expr.Cast(Type.INT, operand);
        }
      case MINUS:
        {
          Expr operand = numeric(lower(unary.getExpression()), unary.getExpression());
          if (operand instanceof Expr.Const c && c.isLiteral() && !c.isNegative() && !c.type().equals(Type.CHAR)) {
            return c.negated();
          }
          return new Expr.Unary(UnaryOp.NEG, operand, operand.type().promoted());
        }
      case LOGICAL_COMPLEMENT:
        {
          Expr operand = lower(unary.getExpression());
          requireBoolean(operand, unary.getExpression());
          return new Expr.Unary(UnaryOp.NOT, operand, Type.BOOLEAN);
        }
      case BITWISE_COMPLEMENT:
        {
          Expr operand = lower(unary.getExpression());
          requireIntegral(operand, unary.getExpression());
          return new Expr.Unary(UnaryOp.BITNOT, operand, operand.type().promoted());
        }
      default:
        throw fence.problem(unary);
    }
  }

  private Expr binary(BinaryExpr binary, Pos pos) {
    BinaryOp op = Operators.of(binary.getOperator());
    Expr left = lower(binary.getLeft());
    if (binary.getLeft().containsData(Switches.NULL_GUARD) && left.type().isObject()
        && !left.type().object().qualifiedName().equals(STRING.qualifiedName())) {
      // The first test of a switch expression's ?: chain on an enum: null throws as the switch does.
      left = new Expr.Call(null, new Callee(ClassRef.OBJECTS, "requireNonNull", List.of(left.type()), left.type(),
          Callee.Kind.HELPER), List.of(left), pos);
    }
    boolean equality = op == BinaryOp.EQ || op == BinaryOp.NE;
    Expr right = equality && left.type().isObject() && isCaseLabel(binary.getRight())
        ? enumConstant(left.type().object(), ((NameExpr) binary.getRight()).getNameAsString())
        : lower(binary.getRight());
    if (equality && (left.type().isObject() || right.type().isObject())) {
      if (!left.type().isObject() || !right.type().isObject()) {
        throw new Problem(pos, Tag.TYPE, "`" + op.symbol() + "` of a " + left.type() + " and a " + right.type());
      }
      if (binary.containsData(Switches.CASE_TEST) && left.type().object().qualifiedName().equals(STRING.qualifiedName())) {
        // A switch on a String compares by equals, the selector first: null throws as the switch does.
        return new Expr.Call(left, calls.resolveOn(STRING, "equals", List.of(right.type()), pos), List.of(right), pos);
      }
      return new Expr.Binary(op, left, right, Type.BOOLEAN); // the same object, or the same enum constant
    }
    if (op == BinaryOp.ADD && (left.type().isObject() || right.type().isObject())) {
      throw new Problem(pos, Tag.TYPE, "`+` of a String is not supported in a @Differentiable method: strings"
          + " there are settings, read and compared (equals); move logging and messages to its caller (a"
          + " guard's exception message may use +)");
    }
    if (op.isLogical()) {
      requireBoolean(left, binary.getLeft());
      requireBoolean(right, binary.getRight());
      return new Expr.Binary(op, left, right, Type.BOOLEAN);
    }
    if ((op == BinaryOp.EQ || op == BinaryOp.NE)
        && left.type().equals(Type.BOOLEAN)
        && right.type().equals(Type.BOOLEAN)) {
      return new Expr.Binary(op, left, right, Type.BOOLEAN);
    }
    if (op == BinaryOp.BITAND || op == BinaryOp.BITOR || op == BinaryOp.XOR) {
      if (left.type().equals(Type.BOOLEAN) && right.type().equals(Type.BOOLEAN)) {
        return new Expr.Binary(op, left, right, Type.BOOLEAN);
      }
    }
    if ((op == BinaryOp.EQ || op == BinaryOp.NE) && (left.type().isArray() || right.type().isArray())) {
      // Valid Java (identity), so not "no array arithmetic": say what to keep instead.
      throw new Problem(pos, Tag.UNSUPPORTED, "`" + op.symbol() + "` on arrays asks whether they are the same"
          + " array, which flatgrad does not track: keep a boolean of the choice that made them so"
          + " (the condition that picked the array), or compare elements in a loop");
    }
    if (left.type().isArray() || right.type().isArray()) {
      throw new Problem(
          pos,
          Tag.UNSUPPORTED,
          "`" + op.symbol() + "` on arrays: Java has no array arithmetic; use Nd."
              + Operators.ndName(op) + "(a, b) or a loop over the elements");
    }
    numeric(left, binary.getLeft());
    numeric(right, binary.getRight());
    if (op.isComparison()) {
      return new Expr.Binary(op, left, right, Type.BOOLEAN);
    }
    Type type = Type.promote(left.type(), right.type());
    if (!op.isArithmetic()) {
      requireIntegral(left, binary.getLeft());
      requireIntegral(right, binary.getRight());
      if (op == BinaryOp.SHL || op == BinaryOp.SHR || op == BinaryOp.USHR) {
        type = left.type().promoted();
      }
    }
    return new Expr.Binary(op, left, right, type);
  }

  /**
   * Whether {@code e} is an enum constant as a {@code case} label writes it, unqualified ({@code
   * case L2} of a switch on a {@code Penalty}, which {@link dev.flatgrad.processor.fence.Switches}
   * made {@code p == L2}): a name that is no variable, field or imported constant.
   */
  private boolean isCaseLabel(Expression e) {
    if (!(e instanceof NameExpr n)) {
      return false;
    }
    String name = n.getNameAsString();
    return scope.lookup(name).isEmpty() && !scope.isRejected(name) && cls.field(name).isEmpty()
        && cls.staticImportOwner(name, c -> cls.symbols().field(c.qualifiedName(), name).isPresent()).isEmpty();
  }

  private Expr conditional(ConditionalExpr cond, Pos pos) {
    Expr c = lower(cond.getCondition());
    requireBoolean(c, cond.getCondition());
    Expr a = lower(cond.getThenExpr());
    Expr b = lower(cond.getElseExpr());
    Type type;
    if (a.type().equals(b.type())) {
      type = a.type();
    } else if (CharConstants.staysChar(a, b) || CharConstants.staysChar(b, a)) {
      type = Type.CHAR; // JLS 15.25: a char and an int constant it can hold
    } else if (a.type().isNumeric() && b.type().isNumeric()) {
      type = Type.promote(a.type(), b.type());
    } else {
      throw new Problem(
          pos, Tag.TYPE, "the branches of `?:` have types " + a.type() + " and " + b.type());
    }
    return new Expr.Cond(c, a, b, type);
  }

  private Expr cast(CastExpr cast, Pos pos) {
    Type target = cls.resolve(fence.type(cast.getType(), pos));
    Expr operand = lower(cast.getExpression());
    if (target.isArray() || !operand.type().isNumeric() || !target.isNumeric()) {
      if (target.equals(operand.type())) {
        return operand;
      }
      throw new Problem(
          pos, Tag.UNSUPPORTED, "a cast from " + operand.type() + " to " + target + " is not supported");
    }
    if (target.equals(operand.type())) {
      return operand;
    }
    return new Expr.Cast(target, operand);
  }

  private Expr call(MethodCallExpr call, Pos pos) {
    if (call.containsData(RecordMethods.NOT_INLINED)) {
      throw new Problem(pos, Tag.UNSUPPORTED, call.getData(RecordMethods.NOT_INLINED));
    }
    List<Expr> args = new ArrayList<>();
    for (Expression a : call.getArguments()) {
      args.add(lower(a));
    }
    if (call.containsData(VarargsHelpers.ONE_VALUE_OR_ARRAY)) {
      packOneValue(args, fence.type(call.getData(VarargsHelpers.ONE_VALUE_OR_ARRAY), pos), pos);
    }
    List<Type> argTypes = args.stream().map(Expr::type).toList();
    String name = call.getNameAsString();
    if (call.getTypeArguments().isPresent()) {
      throw fence.problem(call);
    }
    Optional<Expr> ownComponent = call.getScope().filter(x -> !(x instanceof com.github.javaparser.ast.expr.ThisExpr))
        .isPresent() || self == null || !args.isEmpty() ? Optional.empty() : recordComponent(new Expr.Ref(self), name);
    if (ownComponent.isPresent()) {
      return ownComponent.get(); // w() or this.w() in a record's own method
    }
    if (call.getScope().isEmpty()) {
      Optional<ClassRef> imported = cls.staticImportOwner(name, c -> calls.hasMethod(c, name));
      Callee callee = calls.resolve(imported.map(c -> withGradient(c, name, argTypes)).orElse(null), name, argTypes, pos);
      cls.requireVisible(callee.owner(), pos);
      return onReceiver(callee, args, pos);
    }
    Expression scopeExpr = call.getScope().get();
    if (scopeExpr instanceof com.github.javaparser.ast.expr.ThisExpr) {
      Callee callee = calls.resolve(null, name, argTypes, pos);
      cls.requireVisible(callee.owner(), pos);
      return onReceiver(callee, args, pos);
    }
    Optional<ClassRef> owner = typeName(scopeExpr);
    if (owner.isPresent()) {
      Callee callee = calls.resolve(withGradient(owner.get(), name, argTypes), name, argTypes, pos);
      cls.requireVisible(callee.owner(), pos);
      return new Expr.Call(null, callee, args, pos);
    }
    Expr receiver = lower(scopeExpr);
    if (receiver.type().isArray() && name.equals("clone") && args.isEmpty()) {
      return new Expr.Call(receiver, Intrinsics.clone(receiver.type()), List.of(), pos);
    }
    if (receiver.type().isObject()) {
      Optional<Expr> component = args.isEmpty()
          ? unpackedComponent(receiver, name).or(() -> recordComponent(receiver, name)) : Optional.empty();
      if (component.isPresent()) {
        return component.get();
      }
      Optional<String> characters = receiver.type().object().qualifiedName().equals(STRING.qualifiedName())
          ? dev.flatgrad.processor.fence.StreamSources.whyNotSource(call) : Optional.empty();
      if (characters.isPresent()) {
        throw new Problem(pos, Tag.UNSUPPORTED, characters.get());
      }
      return new Expr.Call(receiver, calls.resolveOn(receiver.type().object(), name, argTypes, pos), args, pos);
    }
    throw new Problem(
        pos,
        Tag.UNSUPPORTED,
        "calling `" + name + "` on a " + receiver.type()
            + ": the only method flatgrad knows on a value is an array's clone()");
  }

  /**
   * The last argument of a varargs helper's call, as javac passes it: a value of the varargs'
   * {@code element} type packed into an array of one, an array of them as it is.
   */
  private static void packOneValue(List<Expr> args, Type element, Pos pos) {
    Expr last = args.get(args.size() - 1);
    if (last.type().rank() == element.rank()) {
      requireAssignable(last, element, pos);
      args.set(args.size() - 1, new Expr.ArrayLit(element.arrayOf(), List.of(last)));
    }
  }

  /**
   * The class whose {@code name} a call runs: {@code Nd}'s copies for {@code Arrays.copyOf} and
   * {@code Arrays.copyOfRange} of a {@code double[]} (the same values, with a gradient), else
   * {@code owner}.
   */
  private static ClassRef withGradient(ClassRef owner, String name, List<Type> argTypes) {
    boolean copy = name.equals("copyOf") || name.equals("copyOfRange");
    return owner.equals(ARRAYS) && copy && !argTypes.isEmpty() && argTypes.get(0).equals(Type.DOUBLE_ARRAY)
        ? ClassRef.ND : owner;
  }

  /** A call of the user's method: on {@code self} if it is an instance method. */
  private Expr onReceiver(Callee callee, List<Expr> args, Pos pos) {
    if (!calls.isInstanceMethod(callee)) {
      return new Expr.Call(null, callee, args, pos);
    }
    if (self == null) {
      throw new Problem(pos, Tag.UNSUPPORTED, "`" + callee.name() + "` is an instance method, called from a static"
          + " method: make it static, or make the caller an instance method");
    }
    return new Expr.Call(new Expr.Ref(self), callee, args, pos);
  }

  /**
   * A settings object the method makes ({@code new Random(seed)}): a constructor call, never
   * differentiated, which {@code analyse.Checks} rejects if an argument is. Its value is not
   * repeatable, so the backward pass keeps what it answered rather than make it again.
   */
  private Expr objectCreation(ObjectCreationExpr creation, Pos pos) {
    if (Creations.isUnsupported(creation)) {
      throw fence.problem(creation);
    }
    Type type = cls.resolveVisible(fence.type(creation.getType(), pos), pos);
    List<Expr> args = new ArrayList<>();
    for (Expression a : creation.getArguments()) {
      args.add(lower(a));
    }
    boolean hidden = cls.declarationOf(type.object()).map(d -> d.getConstructors().stream()
        .filter(k -> k.getParameters().size() == args.size()).toList())
        .filter(ks -> !ks.isEmpty() && ks.stream().allMatch(k -> k.hasModifier(Modifier.Keyword.PRIVATE))).isPresent();
    if (hidden) {
      throw new Problem(pos, Tag.UNSUPPORTED, "the constructor `" + creation.getType() + "(...)` is private: the"
          + " generated class, another class, cannot call it; make it package-private (drop `private`)");
    }
    return new Expr.Call(null, Callee.constructor(type.object(), args.stream().map(Expr::type).toList()), args, pos);
  }

  private Expr arrayCreation(ArrayCreationExpr creation, Pos pos) {
    Type element = fence.type(creation.getElementType(), pos);
    Type type = element;
    for (int i = 0; i < creation.getLevels().size(); i++) {
      type = type.arrayOf();
    }
    if (creation.getInitializer().isPresent()) {
      return arrayLiteral(creation.getInitializer().get(), type);
    }
    if (type.rank() == 3) {
      throw new Problem(pos, Tag.RANK, "creating arrays of rank 3 is not supported: keep a double[][] for"
          + " each matrix, or the matrices' rows in one double[][] (row k * rows + i for row i of matrix k)");
    }
    List<Expr> dims = new ArrayList<>();
    for (ArrayCreationLevel level : creation.getLevels()) {
      if (level.getDimension().isEmpty()) {
        if (dims.isEmpty()) {
          throw fence.problem(creation);
        }
        break; // new double[n][]: rows assigned later
      }
      Expr dim = lower(level.getDimension().get());
      requireIndex(dim, level.getDimension().get());
      dims.add(dim);
    }
    return new Expr.NewArray(type, dims);
  }

  private static Expr numeric(Expr e, Expression source) {
    if (!e.type().isNumeric()) {
      throw new Problem(
          Nodes.pos(source), Tag.TYPE, "expected a number here, found a " + e.type());
    }
    return e;
  }

  private static void requireBoolean(Expr e, Expression source) {
    if (!e.type().equals(Type.BOOLEAN)) {
      throw new Problem(
          Nodes.pos(source), Tag.TYPE, "expected a boolean here, found a " + e.type());
    }
  }

  private static void requireIntegral(Expr e, Expression source) {
    if (!e.type().isIntegral()) {
      throw new Problem(
          Nodes.pos(source), Tag.TYPE, "expected an int, long or char here, found a " + e.type());
    }
  }

  /**
   * {@code p.W1()} or {@code p.W1} of a record parameter differentiated component by component:
   * the component's own variable (a nested record's stand-in, whose components are read in turn).
   * An accessor that computes something ({@link RecordParameters#computesAccessor}) is an error on such a record.
   */
  private Optional<Expr> unpackedComponent(Expr receiver, String name) {
    if (!(receiver instanceof Expr.Ref r) || !unpacked.containsKey(r.var())
        || cls.recordOf(r.var().type().object()).filter(t -> RecordParameters.computesAccessor(t, name)).isPresent()) {
      return Optional.empty();
    }
    return unpacked.get(r.var()).parts().stream().filter(p -> p.component().equals(name)).findFirst()
        .map(p -> new Expr.Ref(p.leaf() != null ? p.leaf() : p.nested().record()));
  }

  /**
   * {@code h.delta()} of a record of the user's sources whose accessor is the one Java declares: a
   * read of the component, free of effects (asked again, or left out, it is the same), so it is
   * read like a field, as is one the record writes to return the field; one that computes something
   * stays a call like any method's.
   */
  private Optional<Expr> recordComponent(Expr receiver, String name) {
    ClassRef owner = receiver.type().object();
    return cls.recordOf(owner)
        .filter(r -> !RecordParameters.computesAccessor(r, name))
        .flatMap(r -> r.getParameters().stream().filter(p -> p.getNameAsString().equals(name)).findFirst())
        .flatMap(p -> GradientMethods.typeOf(p.getType()).map(cls::resolve))
        .map(type -> Expr.FieldRef.accessor(owner, name, type, receiver));
  }
}
