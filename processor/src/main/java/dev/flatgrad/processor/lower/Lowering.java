package dev.flatgrad.processor.lower;

import static dev.flatgrad.processor.fence.Nodes.pos;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.Streams;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.SupportedTypes;
import dev.flatgrad.processor.fence.Switches;
import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Unpacked;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 1, lower: a {@code @Differentiable} method's JavaParser AST to IR. Checks the method's
 * shape (static, return type, parameters, {@code wrt}), lowers every statement, rejects what the
 * language does not cover with a diagnostic on its line, and normalises returns so that the body
 * ends in its only return.
 */
public final class Lowering {

  /** The result of lowering one method: the IR, and the private constants it reads. */
  public record Lowered(IrMethod method, List<ClassContext.LocalField> copiedConstants) {}

  private final ClassContext cls;
  private final CallResolver calls;
  private final Diagnostics diagnostics;
  private final ClassRef generated;
  private final Scope scope = new Scope();
  private final Map<String, ClassContext.LocalField> copied = new LinkedHashMap<>();
  private final Map<String, Variable> privateReads = new LinkedHashMap<>();
  private final List<Stmt> privateReadStatements = new ArrayList<>();
  private final Set<Variable> params = new LinkedHashSet<>();
  private final ExprLowering exprs;
  private final Throws throwsLowering;
  private Fence fence = Fence.NONE;
  private int loopDepth;
  /** The object an instance method runs on, as the generated method's first parameter. */
  private Variable self;
  /** The names the method assigns anywhere: a local of one never stands for a record's component. */
  private Set<String> assignedNames = Set.of();

  public Lowering(
      ClassContext cls, CallResolver calls, Diagnostics diagnostics, ClassRef generated) {
    this.cls = cls;
    this.calls = calls;
    this.diagnostics = diagnostics;
    this.generated = generated;
    this.exprs = new ExprLowering(scope, cls, calls, new ExprLowering.FieldReads() {
      @Override
      public Expr read(ClassContext.LocalField field, Pos pos) {
        return readField(field, pos);
      }

      @Override
      public Expr readPrivate(ClassRef owner, String name, Type type) {
        return Lowering.this.readPrivate(owner, name, type, null);
      }
    });
    this.throwsLowering = new Throws(cls, e -> {
      rejectFunctions(e);
      return exprs.lower(e);
    });
  }

  /**
   * Lowers a method the fence has checked, or returns empty after reporting what needs types or
   * names. The constructs and parameters the fence rejected (and reported) stop their statements
   * silently; the method is not lowered if there are any.
   */
  public Optional<Lowered> lower(MethodDeclaration m, Fence fence) {
    if (!fence.lowerable()) {
      return Optional.empty();
    }
    this.fence = fence;
    exprs.setFence(fence);
    int errorsBefore = diagnostics.errorCount();
    Pos pos = pos(m);
    Type returnType = SupportedTypes.of(m.getType(), pos(m.getType()));
    List<Variable> parameters = new ArrayList<>();
    if (!m.isStatic()) {
      self = Variable.parameter("self", Type.of(cls.self()));
      parameters.add(self);
      exprs.setSelf(self);
    }
    List<String> wrtNames = GradientMethods.declaredWrt(m);
    assignedNames = dev.flatgrad.processor.fence.Nodes.assignedNames(m);
    Set<Variable> wrt = new LinkedHashSet<>();
    List<Unpacked> records = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      if (fence.rejects(p)) {
        scope.reject(p.getNameAsString());
        continue;
      }
      Variable v = Variable.parameter(p.getNameAsString(), cls.resolveVisible(SupportedTypes.of(p.getType(), pos(p)), pos(p)));
      scope.declare(p.getNameAsString(), v);
      if (v.type().isObject() && wrtNames.contains(p.getNameAsString())) {
        Unpacked record = RecordUnpacking.of(v, p, m, cls);
        records.add(record);
        exprs.unpack(record);
        parameters.addAll(record.leaves());
        wrt.addAll(record.differentiated());
      } else {
        parameters.add(v);
        if (wrtNames.contains(p.getNameAsString())) {
          wrt.add(v);
        }
      }
    }
    List<Stmt> body = new ArrayList<>(block(m.getBody().orElseThrow().getStatements()));
    body.addAll(0, privateReadStatements);
    RecordUnpacking.wholeRecordUses(body, exprs.unpacked()).forEach(diagnostics::error);
    if (diagnostics.errorCount() > errorsBefore || !fence.problems().isEmpty()) {
      return Optional.empty();
    }
    LocalRanges.prove(body);
    try {
      Returns.Normalized normalized = Returns.normalize(RowAliases.inline(body), returnType, pos);
      IrMethod method =
          new IrMethod(
              cls.self(),
              m.getNameAsString(),
              parameters,
              wrt,
              returnType,
              DrawsInOrder.apply(Jumps.normalize(normalized.body())),
              normalized.output(),
              pos,
              records);
      return Optional.of(new Lowered(method, List.copyOf(copied.values())));
    } catch (Problem p) {
      diagnostics.error(p);
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- statements

  private List<Stmt> block(List<Statement> statements) {
    scope.push();
    List<Stmt> out = new ArrayList<>();
    for (Statement s : statements) {
      try {
        statement(s, out);
      } catch (Problem p) {
        diagnostics.error(p);
      }
    }
    scope.pop();
    return out;
  }

  private Block nested(Statement s) {
    if (s instanceof BlockStmt b) {
      return new Block(block(b.getStatements()));
    }
    return new Block(block(List.of(s)));
  }

  private void statement(Statement s, List<Stmt> out) {
    Pos pos = pos(s);
    if (s instanceof BlockStmt b) {
      out.addAll(block(b.getStatements()));
    } else if (s instanceof ExpressionStmt e) {
      expressionStatement(e.getExpression(), out);
    } else if (s instanceof IfStmt i && i.getCondition().containsData(Switches.NULL_GUARD)) {
      Expr selector = exprs.lower(i.getCondition());
      boolean equalsThrows = i.getCondition().getData(Switches.NULL_GUARD) && selector.type().isObject()
          && selector.type().object().qualifiedName().equals("java.lang.String");
      if (selector.type().isObject() && !equalsThrows) { // if (selector == null) throw new NullPointerException();
        Expr isNull = new Expr.Binary(BinaryOp.EQ, selector, Expr.Const.zero(selector.type()), Type.BOOLEAN);
        out.add(new Stmt.If(isNull, nested(i.getThenStmt()), Block.EMPTY, pos));
      }
    } else if (s instanceof IfStmt i) {
      Expr cond = condition(i.getCondition());
      Block then = nested(i.getThenStmt());
      Block otherwise = i.getElseStmt().map(this::nested).orElse(Block.EMPTY);
      out.add(new Stmt.If(cond, then, otherwise, pos));
    } else if (s instanceof ReturnStmt r) {
      if (r.getExpression().isEmpty()) {
        throw fence.problem(s);
      }
      rejectFunctions(r.getExpression().get());
      Expr value = exprs.lower(r.getExpression().get());
      out.add(new Stmt.Return(value, pos));
    } else if (s instanceof ThrowStmt t) {
      out.add(throwsLowering.lower(t, fence::problem));
    } else if (s instanceof AssertStmt a) {
      Expr enabled = new Expr.FieldRef(generated, GeneratedNames.assertions(cls.fieldNames()), Type.BOOLEAN, null);
      out.add(throwsLowering.lowerAssert(a, condition(a.getCheck()), enabled));
    } else if (s instanceof ForStmt f) {
      forLoop(f, out);
    } else if (s instanceof ForEachStmt f) {
      forEachLoop(f, out);
    } else if (s instanceof WhileStmt w) {
      Expr cond = condition(w.getCondition());
      Block body = loopBody(w.getBody());
      out.add(new Stmt.Loop(Stmt.LoopKind.WHILE, List.of(), cond, List.of(), body, pos));
    } else if (s instanceof DoStmt d) {
      Block body = loopBody(d.getBody());
      Expr cond = condition(d.getCondition());
      out.add(new Stmt.Loop(Stmt.LoopKind.DO_WHILE, List.of(), cond, List.of(), body, pos));
    } else if (s instanceof BreakStmt b && b.getLabel().isEmpty() && loopDepth > 0) {
      out.add(new Stmt.Break(pos));
    } else if (s instanceof ContinueStmt c && c.getLabel().isEmpty() && loopDepth > 0) {
      out.add(new Stmt.Continue(pos));
    } else if (!(s instanceof EmptyStmt)) {
      throw fence.problem(s);
    }
  }

  private Expr condition(Expression e) {
    rejectFunctions(e); // a stream left in a loop's header: the fence reported it, not its functions
    Expr cond = exprs.lower(e);
    if (!cond.type().equals(Type.BOOLEAN)) {
      throw new Problem(pos(e), Tag.TYPE, "a condition must be a boolean, found " + cond.type());
    }
    return cond;
  }

  private Block loopBody(Statement body) {
    loopDepth++;
    try {
      return nested(body);
    } finally {
      loopDepth--;
    }
  }

  private void forLoop(ForStmt f, List<Stmt> out) {
    scope.push();
    try {
      List<Stmt> init = new ArrayList<>();
      for (Expression e : f.getInitialization()) {
        expressionStatement(e, init);
      }
      Expr cond =
          f.getCompare().isPresent() ? condition(f.getCompare().get()) : Expr.Const.ofBoolean(true);
      List<Stmt> update = new ArrayList<>();
      for (Expression e : f.getUpdate()) {
        expressionStatement(e, update);
      }
      Block body = loopBody(f.getBody());
      out.add(new Stmt.Loop(Stmt.LoopKind.FOR, init, cond, update, body, pos(f)));
    } finally {
      scope.pop();
    }
  }

  /** {@code for (T v : a) body} becomes {@code for (int i = 0; i < a.length; i++) { T v = a[i]; body }}. */
  private void forEachLoop(ForEachStmt f, List<Stmt> out) {
    Pos pos = pos(f);
    Expr iterable = exprs.lower(f.getIterable());
    if (!iterable.type().isArray()) {
      throw new Problem(pos, Tag.UNSUPPORTED, "for-each over a " + iterable.type() + ": only arrays can be iterated");
    }
    VariableDeclarator declarator = f.getVariable().getVariables().get(0);
    Type elementType = declarator.getType().isVarType()
        ? iterable.type().element()
        : cls.resolveVisible(fence.type(declarator.getType(), pos(declarator)), pos(declarator));
    if (!Types.assignable(iterable.type().element(), elementType)) {
      throw new Problem(
          pos(declarator), Tag.TYPE,
          "the loop variable is a " + elementType + " but the elements are " + iterable.type().element());
    }
    Variable index = Variable.temp("i", Type.INT);
    scope.push();
    try {
      Variable element = Variable.local(declarator.getNameAsString(), elementType);
      scope.declare(declarator.getNameAsString(), element);
      Block userBody = loopBody(f.getBody());
      Expr array = iterable;
      if (!(iterable instanceof Expr.Ref r) || reassigns(userBody, r.var())) {
        // Java evaluates the array once: one the body reassigns is iterated as it was.
        Variable staged = Variable.temp("values", iterable.type());
        out.add(new Stmt.Assign(staged, null, iterable, true, pos));
        array = new Expr.Ref(staged);
      }
      List<Stmt> body = new ArrayList<>();
      body.add(new Stmt.Assign(element, null, new Expr.Index(array, new Expr.Ref(index)), true, pos));
      body.addAll(userBody.stmts());
      out.add(
          new Stmt.Loop(
              Stmt.LoopKind.FOR,
              List.of(new Stmt.Assign(index, null, Expr.Const.ofInt(0), true, pos)),
              new Expr.Binary(BinaryOp.LT, new Expr.Ref(index), new Expr.Length(array), Type.BOOLEAN),
              List.of(new Stmt.Assign(index, BinaryOp.ADD, Expr.Const.ofInt(1), false, pos)),
              new Block(body),
              pos));
    } finally {
      scope.pop();
    }
  }

  /** Whether the block assigns {@code v} a whole new array (not only its elements). */
  private static boolean reassigns(Block b, Variable v) {
    boolean[] found = {false};
    Stmts.walk(b, s -> found[0] |= s instanceof Stmt.Assign a && a.target() == v);
    return found[0];
  }

  private void expressionStatement(Expression e, List<Stmt> out) {
    Pos pos = pos(e);
    rejectFunctions(e);
    if (e instanceof VariableDeclarationExpr decl) {
      for (VariableDeclarator v : decl.getVariables()) {
        try {
          declare(v, out);
        } catch (Problem p) {
          if (scope.lookup(v.getNameAsString()).isEmpty()) {
            scope.reject(v.getNameAsString());
          }
          throw p;
        }
      }
    } else if (e instanceof AssignExpr assign) {
      assign(assign.getTarget(), Operators.of(assign.getOperator()), assign.getValue(), pos, out);
    } else if (e instanceof UnaryExpr unary && isIncrement(unary)) {
      BinaryOp op =
          unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                  || unary.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
              ? BinaryOp.ADD
              : BinaryOp.SUB;
      assign(unary.getExpression(), op, new com.github.javaparser.ast.expr.IntegerLiteralExpr("1"), pos, out);
    } else {
      throw fence.problem(e);
    }
  }

  /**
   * Reports a lambda or method reference in the statement first, on its own position: whatever
   * else fails around it (its functional interface type) follows from it.
   */
  private void rejectFunctions(Expression e) {
    // A stream's functions are the stream's: the fence reported the stream.
    Optional<Node> function = e.findFirst(Node.class, n -> n instanceof MethodCallExpr c && Streams.isChain(c)
        || n instanceof LambdaExpr || n instanceof MethodReferenceExpr);
    if (function.isPresent()) {
      if (e instanceof VariableDeclarationExpr decl) {
        decl.getVariables().forEach(v -> scope.reject(v.getNameAsString()));
      }
      throw fence.problem(function.get());
    }
  }

  private static boolean isIncrement(UnaryExpr u) {
    return switch (u.getOperator()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  private void declare(VariableDeclarator v, List<Stmt> out) {
    Pos pos = pos(v);
    String name = v.getNameAsString();
    com.github.javaparser.ast.type.Type declared = v.getType();
    Optional<Expression> init = v.getInitializer();
    Type type;
    Expr value = null;
    if (declared.isVarType()) {
      if (init.isEmpty() || init.get() instanceof ArrayInitializerExpr) {
        throw fence.problem(declared);
      }
      value = exprs.lower(init.get());
      type = value.type();
    } else {
      type = cls.resolveVisible(fence.type(declared, pos), pos);
      if (init.isPresent()) {
        try {
          value =
              init.get() instanceof ArrayInitializerExpr array
                  ? exprs.arrayLiteral(array, type)
                  : exprs.storable(exprs.lower(init.get()), init.get(), type, pos(init.get()));
        } catch (Problem p) {
          // Declared all the same, so that later uses report their own problems, not this one.
          scope.declare(name, Variable.local(name, type));
          throw p;
        }
      }
    }
    if (type.rank() == 3) {
      throw new Problem(pos, Tag.RANK,
          "local arrays of rank 3 are not supported: pass a stack of matrices as a double[][][]"
              + " parameter and take whole matrices from it (Ws[l])");
    }
    if (value instanceof Expr.Ref r && standsForComponent(r.var()) && !assignedNames.contains(name)) {
      // var W1 = p.W1(): the component itself, under the name the method reads it by.
      scope.declare(name, r.var());
      return;
    }
    Variable var = Variable.local(name, type);
    scope.declare(name, var);
    if (init.isPresent() && v.getParentNode().filter(d -> d instanceof VariableDeclarationExpr e && e.isFinal()).isPresent()) {
      exprs.declaredFinal(var, init.get());
    }
    out.add(value == null ? new Stmt.Declare(var, pos) : new Stmt.Assign(var, null, value, true, pos));
  }

  /** Whether {@code v} is a component of a record differentiated component by component, or a nested record of one. */
  private boolean standsForComponent(Variable v) {
    Map<Variable, Unpacked> records = exprs.unpacked();
    return records.containsKey(v) || records.values().stream().anyMatch(u -> u.leaves().contains(v));
  }

  /** Whether {@code e} reads the elements (or rows) of {@code array}, not only its length. */
  private static boolean readsElements(Expr e, Variable array) {
    if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref) {
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return r.var() == array;
    }
    return Exprs.children(e).stream().anyMatch(c -> readsElements(c, array));
  }

  private void assign(Expression target, BinaryOp op, Expression valueSource, Pos pos, List<Stmt> out) {
    if (target instanceof NameExpr name) {
      Optional<Variable> v = scope.lookup(name.getNameAsString());
      if (v.isEmpty() && scope.isRejected(name.getNameAsString())) {
        throw Problem.followOn(pos, name.getNameAsString());
      }
      if (v.isEmpty()) {
        throw fieldWrite(name.getNameAsString(), pos);
      }
      Expr value = exprs.lower(valueSource);
      Optional<Expr> logical = booleanCompound(v.get().type(), op, new Expr.Ref(v.get()), value);
      if (logical.isPresent()) {
        out.add(new Stmt.Assign(v.get(), null, logical.get(), false, pos));
        return;
      }
      value = op == null ? exprs.storable(value, valueSource, v.get().type(), pos) : value;
      checkCompound(v.get().type(), op, value, pos);
      out.add(new Stmt.Assign(v.get(), op, value, false, pos));
      return;
    }
    if (target instanceof ArrayAccessExpr access) {
      List<Expr> indices = new ArrayList<>();
      Expression base = access;
      while (base instanceof ArrayAccessExpr a) {
        Expr index = exprs.lower(a.getIndex());
        if (!index.type().promoted().equals(Type.INT)) {
          throw new Problem(pos(a.getIndex()), Tag.TYPE, "an array index must be an int, not " + index.type());
        }
        indices.add(0, index);
        base = a.getName();
      }
      if (!(base instanceof NameExpr arrayName) || scope.lookup(arrayName.getNameAsString()).isEmpty()) {
        throw new Problem(pos, Tag.UNSUPPORTED, "writing into `" + base + "`: only local arrays can be written;"
            + " copy it into a local first (`" + base + ".clone()`) and write into that");
      }
      Variable array = scope.lookup(arrayName.getNameAsString()).get();
      if (array.type().rank() < indices.size()) {
        throw new Problem(pos, Tag.TYPE,
            "`" + target + "` indexes a " + array.type() + " " + indices.size() + " times");
      }
      Type elementType = array.type();
      for (int i = 0; i < indices.size(); i++) {
        elementType = elementType.element();
      }
      for (int i = 0; i < indices.size(); i++) {
        if (readsElements(indices.get(i), array)) {
          // d[argmax(d)] = v: the index is taken once, before the write, as Java does; evaluated
          // again after it (a tangent's store, the backward pass) it would find another element.
          Variable index = Variable.temp("index", Type.INT);
          out.add(new Stmt.Assign(index, null, indices.get(i), true, pos));
          indices.set(i, new Expr.Ref(index));
        }
      }
      Expr value = exprs.lower(valueSource);
      Expr element = new Expr.Ref(array);
      for (Expr index : indices) {
        element = new Expr.Index(element, index);
      }
      Optional<Expr> logical = booleanCompound(elementType, op, element, value);
      if (logical.isPresent()) {
        out.add(new Stmt.Store(array, indices, null, logical.get(), pos));
        return;
      }
      value = op == null ? exprs.storable(value, valueSource, elementType, pos) : value;
      checkCompound(elementType, op, value, pos);
      out.add(new Stmt.Store(array, indices, op, value, pos));
      return;
    }
    if (target instanceof com.github.javaparser.ast.expr.FieldAccessExpr f) {
      throw fieldWrite(f.toString(), pos);
    }
    throw fence.problem(target);
  }

  private Problem fieldWrite(String name, Pos pos) {
    return new Problem(
        pos,
        Tag.FIELD_WRITE,
        "writing field `" + name + "`: a @Differentiable method must not change state; use a local"
            + " variable and return the result");
  }

  /**
   * {@code b &= c}, {@code b |= c}, {@code b ^= c} on a boolean as {@code b = b & c}...: the IR's
   * compound assignments are numeric. Java evaluates {@code b} first, then {@code c}, as here.
   */
  private static Optional<Expr> booleanCompound(Type target, BinaryOp op, Expr current, Expr value) {
    boolean logical = op == BinaryOp.BITAND || op == BinaryOp.BITOR || op == BinaryOp.XOR;
    return logical && target.equals(Type.BOOLEAN) && value.type().equals(Type.BOOLEAN)
        ? Optional.of(new Expr.Binary(op, current, value, Type.BOOLEAN))
        : Optional.empty();
  }

  private static void checkCompound(Type target, BinaryOp op, Expr value, Pos pos) {
    if (op == null) {
      ExprLowering.requireAssignable(value, target, pos);
      return;
    }
    if (!target.isNumeric() || !value.type().isNumeric()) {
      throw new Problem(pos, Tag.TYPE, "`" + op.symbol() + "=` on a " + target);
    }
    if (target.isIntegral() && value.type().equals(Type.DOUBLE)) {
      throw new Problem(
          pos,
          Tag.TYPE,
          "`" + op.symbol() + "=` of a double into an integer variable truncates silently: write"
              + " the cast explicitly");
    }
  }

  // ---------------------------------------------------------------- fields

  private Expr readField(ClassContext.LocalField field, Pos pos) {
    Optional<Type> type = cls.typeOf(field);
    if (type.isEmpty()) {
      throw new Problem(
          pos, Tag.TYPE, "field `" + field.name() + "` has type " + field.declaredType() + ", which flatgrad does not support");
    }
    Expr target = null;
    if (!field.isStatic()) {
      if (self == null) {
        throw new Problem(pos, Tag.UNSUPPORTED,
            "reading instance field `" + field.name() + "` from a static method");
      }
      target = new Expr.Ref(self);
    }
    if (!field.isPrivate()) {
      return new Expr.FieldRef(cls.self(), field.name(), type.get(), target);
    }
    if (field.isStatic() && field.isFinal() && field.initializer() != null
        && type.get().isScalar() && !type.get().isObject() && cls.isConstantExpression(field.initializer())) {
      // A private constant: copied into the generated class, as javac would inline it.
      copied.put(field.name(), field);
      return new Expr.FieldRef(generated, field.name(), type.get(), null);
    }
    return readPrivate(cls.self(), field.name(), type.get(), target);
  }

  /**
   * A private field: read once, at the start of the method, through a {@code VarHandle} of the
   * generated class, into a local named after it. (The JIT folds a {@code static final} handle
   * into a plain field load; a differentiated method never writes fields.)
   */
  private Expr readPrivate(ClassRef owner, String name, Type type, Expr target) {
    Variable local = privateReads.computeIfAbsent(owner.qualifiedName() + "#" + name, k -> {
      Variable v = Variable.temp(localName(name), type);
      privateReadStatements.add(new Stmt.Assign(v, null, new Expr.FieldRef(owner, name, type, target, true), true,
          Pos.NONE));
      return v;
    });
    return new Expr.Ref(local);
  }

  /** A local named after a field, in the case of locals: {@code MAX_NORM} is read into {@code maxNorm}. */
  private static String localName(String field) {
    if (!field.matches("[A-Z][A-Z0-9_]*")) {
      return field;
    }
    StringBuilder name = new StringBuilder();
    for (String word : field.toLowerCase(java.util.Locale.ROOT).split("_+")) {
      if (!word.isEmpty()) {
        name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
      }
    }
    return name.length() == 0 ? field : name.toString();
  }

  /** Lowers the initializer of a private constant copied into the generated class. */
  public Expr constantInitializer(ClassContext.LocalField field) {
    Type type = cls.typeOf(field).orElseThrow();
    Expression init = field.initializer();
    return init instanceof ArrayInitializerExpr array
        ? exprs.arrayLiteral(array, type) : exprs.storable(exprs.lower(init), init, type, field.pos());
  }

  /** The private constants read so far, including those read by copied initializers. */
  public List<ClassContext.LocalField> copiedConstants() {
    return List.copyOf(copied.values());
  }
}
