package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Locals of a record of the file that a method makes or reassigns ({@code State s = new State(x,
 * 0); s = new State(s.h() * w, s.t() + 1);}, {@code Params p = init; p = p.step(lr, g);}) written
 * as one local per component ({@code double sH = x; int sT = 0;}), as a person differentiating
 * by hand would: the engine never differentiates an object, and a record made of differentiated
 * values, or a record of parameters reassigned, has no gradient as a whole. Each component read
 * ({@code s.h()}, {@code s.h}) reads its local, a declaration or assignment sets each component
 * from the value's ({@code new State(a, b)}'s arguments in order, another such local's, a record's
 * accessors, a {@code ?:} of those choosing once); the record's methods called on such a local,
 * and methods of the file it is passed to, are written in place first ({@link RecordMethods}). A
 * local used otherwise (passed to a library, compared, put in an array) stays an object.
 */
public final class RecordLocals {

  /** Rounds of writing in place and splitting: a local of a nested record, made by a split, is split in the next. */
  private static final int ROUNDS = 8;

  private final MethodDeclaration m;
  private final Set<String> taken;

  private RecordLocals(MethodDeclaration m) {
    this.m = m;
    this.taken = SourceRewrites.namesIn(m);
  }

  /** Writes {@code m}'s record methods in place and its record locals as components, until none is left. */
  public static void rewrite(MethodDeclaration m) {
    if (m.getBody().isPresent()) {
      RecordLoopHeaders.rewrite(m, d -> plainRecord(d.getVariable(0)).isPresent());
      new RecordLocals(m).nameApart();
    }
    for (int round = 0; round < ROUNDS && m.getBody().isPresent(); round++) {
      CreatedReceivers.rewrite(m);
      RecordMethods.rewrite(m);
      if (!new RecordLocals(m).split()) {
        return;
      }
    }
  }

  /**
   * Gives each record local declared again under a name an earlier one of the method has (in
   * another block: {@code Point a} in two loops) a name of its own, in all of its scope, so that
   * its name says which it is to the rewrites that read the record a name holds.
   */
  private void nameApart() {
    Set<String> seen = new java.util.HashSet<>();
    for (VariableDeclarator v : m.findAll(VariableDeclarator.class)) {
      String name = v.getNameAsString();
      if (seen.add(name) || plainRecord(v).isEmpty()
          || !(v.getParentNode().orElse(null) instanceof VariableDeclarationExpr d)
          || !(d.getParentNode().orElse(null) instanceof ExpressionStmt stmt)
          || !(stmt.getParentNode().orElse(null) instanceof com.github.javaparser.ast.nodeTypes.NodeWithStatements<?> block)) {
        continue;
      }
      String fresh = SourceRewrites.fresh(name, taken);
      v.setName(fresh);
      List<Statement> stmts = block.getStatements();
      for (Statement later : stmts.subList(SourceRewrites.indexOf(block.getStatements(), stmt), stmts.size())) {
        later.findAll(NameExpr.class, n -> n.getNameAsString().equals(name)).forEach(n -> n.setName(fresh));
      }
    }
  }

  /**
   * Whether {@code e} names a local that may be split: declared once, of a plain record of the file,
   * made by {@code new} (chosen by {@code ?:}, copied from another such local) or assigned after its
   * declaration (a record's method called on it, or a method it is passed to, is written in place,
   * so that it can be).
   */
  static boolean splittable(Expression e, MethodDeclaration in) {
    return splittable(e, in, 0);
  }

  private static boolean splittable(Expression e, MethodDeclaration in, int depth) {
    return e instanceof NameExpr n && depth < ROUNDS
        && declaration(n.getNameAsString(), in).filter(v -> made(v, in, depth)).isPresent();
  }

  /** Whether {@code v} is given a record it makes, or another splittable local's, or is assigned again. */
  private static boolean made(VariableDeclarator v, MethodDeclaration in, int depth) {
    Optional<Expression> value = v.getInitializer().map(i -> i instanceof EnclosedExpr x ? x.getInner() : i);
    return plainRecord(v).isPresent() && (value.isEmpty() || value.get() instanceof ObjectCreationExpr
        || value.get() instanceof ConditionalExpr c && !checkedInAnArm(c) || splittable(value.get(), in, depth + 1)
        || Nodes.assignedNames(in).contains(v.getNameAsString()));
  }

  /** The one declaration of local {@code name} in {@code in}, as a statement's of its own. */
  private static Optional<VariableDeclarator> declaration(String name, MethodDeclaration in) {
    List<VariableDeclarator> all = in.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name));
    if (all.size() != 1 || in.getParameterByName(name).isPresent()
        || !(all.get(0).getParentNode().orElse(null) instanceof VariableDeclarationExpr d)
        || d.getVariables().size() != 1 || !(d.getParentNode().orElse(null) instanceof ExpressionStmt)) {
      return Optional.empty();
    }
    return Optional.of(all.get(0));
  }

  /**
   * The record {@code v} holds, where its components can stand for it: of the file, not generic,
   * without a constructor of its own (which could check or change what it is given) or an accessor
   * that computes.
   */
  private static Optional<RecordDeclaration> plainRecord(VariableDeclarator v) {
    Optional<RecordDeclaration> r = v.getType().isVarType()
        ? v.getInitializer().flatMap(i -> v.findAncestor(MethodDeclaration.class).flatMap(m -> recordOfValue(i, m)))
        : RecordParameters.recordNamed(v.getType(), v);
    return r.filter(RecordLocals::plain);
  }

  /** Whether a method returning {@code type} makes a record whose locals may be split (see {@link #plainRecord}). */
  static boolean returnsPlainRecord(MethodDeclaration method) {
    return RecordParameters.recordNamed(method.getType(), method).filter(RecordLocals::plain).isPresent();
  }

  static boolean plain(RecordDeclaration r) {
    return r.getTypeParameters().isEmpty() && RecordGuards.onlyChecks(r)
        && r.getParameters().stream().noneMatch(c -> c.isVarArgs() || RecordParameters.computesAccessor(r, c.getNameAsString()));
  }

  /** The record of the file {@code e} makes, chooses ({@code c ? p : new Point(a, b)}) or names. */
  private static Optional<RecordDeclaration> recordOfValue(Expression e, MethodDeclaration in) {
    if (e instanceof EnclosedExpr x) {
      return recordOfValue(x.getInner(), in);
    }
    if (e instanceof ConditionalExpr c) {
      return recordOfValue(c.getThenExpr(), in).or(() -> recordOfValue(c.getElseExpr(), in));
    }
    return e instanceof ObjectCreationExpr o ? RecordParameters.recordNamed(o.getType(), o) : RecordTypes.of(e, in);
  }

  /** Splits every splittable local whose uses all read components or give it a value; whether any was. */
  private boolean split() {
    Map<VariableDeclarator, RecordDeclaration> locals = new LinkedHashMap<>();
    for (VariableDeclarator v : m.findAll(VariableDeclarator.class)) {
      if (splittable(new NameExpr(v.getNameAsString()), m) && uses(v).stream().allMatch(this::isComponentUse)) {
        locals.put(v, plainRecord(v).orElseThrow());
      }
    }
    // A local that is another's value is split only with it: until none is left whose other stays whole.
    boolean dropped = true;
    while (dropped) {
      dropped = locals.keySet().removeIf(v -> uses(v).stream().map(this::valueOf).flatMap(Optional::stream)
          .anyMatch(t -> locals.keySet().stream().noneMatch(o -> o.getNameAsString().equals(t))));
    }
    Map<VariableDeclarator, Map<String, String>> names = new LinkedHashMap<>();
    locals.forEach((v, r) -> {
      Map<String, String> parts = new LinkedHashMap<>();
      for (Parameter c : r.getParameters()) {
        String part = SourceRewrites.fresh(v.getNameAsString() + capitalised(c.getNameAsString()), taken);
        parts.put(c.getNameAsString(), part);
        SourceSpellings.component(m, part, v.getNameAsString(), c.getNameAsString(), readAsField(v, c.getNameAsString()));
      }
      names.put(v, parts);
    });
    // First the values given (another split local's value read through its accessors), then every read.
    locals.forEach((v, r) -> {
      for (NameExpr n : uses(v)) {
        if (n.getParentNode().orElse(null) instanceof AssignExpr a && a.getTarget() == n) {
          CallHosts.place((Statement) a.getParentNode().orElseThrow(), assignments(v, r, names.get(v), a.getValue(), a), true);
        }
      }
      Statement declared = (Statement) v.getParentNode().orElseThrow().getParentNode().orElseThrow();
      CallHosts.place(declared, declarations(r, names.get(v), v), true);
    });
    locals.forEach((v, r) -> {
      for (NameExpr n : uses(v)) {
        Node read = n.getParentNode().orElseThrow();
        String component = read instanceof MethodCallExpr c ? c.getNameAsString() : ((FieldAccessExpr) read).getNameAsString();
        read.replace(SourceRewrites.at(new NameExpr(names.get(v).get(component)), read));
      }
    });
    return !locals.isEmpty();
  }

  /** Whether the user reads component {@code component} of {@code v} as a field ({@code b.w}) wherever they read it. */
  private boolean readAsField(VariableDeclarator v, String component) {
    List<Node> reads = uses(v).stream().map(n -> n.getParentNode().orElseThrow())
        .filter(r -> r instanceof FieldAccessExpr f && f.getNameAsString().equals(component)
            || r instanceof MethodCallExpr c && c.getNameAsString().equals(component)).toList();
    return !reads.isEmpty() && reads.stream().allMatch(r -> r instanceof FieldAccessExpr);
  }

  private List<NameExpr> uses(VariableDeclarator v) {
    return m.findAll(NameExpr.class, n -> n.getNameAsString().equals(v.getNameAsString()));
  }

  /**
   * Whether {@code n}, a use of a splittable local, reads a component ({@code s.h()}, {@code s.h}), is
   * given a value it can take apart ({@code s = value;}), or is that value for another splittable local.
   */
  private boolean isComponentUse(NameExpr n) {
    Node parent = n.getParentNode().orElse(null);
    Optional<RecordDeclaration> r = declaration(n.getNameAsString(), m).flatMap(RecordLocals::plainRecord);
    if (parent instanceof MethodCallExpr c && c.getScope().filter(s -> s == n).isPresent() && c.getArguments().isEmpty()
        || parent instanceof FieldAccessExpr f && f.getScope() == n) {
      String name = parent instanceof MethodCallExpr c ? c.getNameAsString() : ((FieldAccessExpr) parent).getNameAsString();
      return r.flatMap(x -> RecordTypes.component(x, name)).isPresent();
    }
    if (parent instanceof AssignExpr a && a.getTarget() == n) {
      return a.getOperator() == AssignExpr.Operator.ASSIGN && a.getParentNode().orElse(null) instanceof ExpressionStmt
          && r.filter(x -> takesApart(a.getValue(), x)).isPresent();
    }
    return valueOf(n).isPresent();
  }

  /**
   * The splittable local of the same record {@code n} is the value of ({@code q = c ? n : s;},
   * {@code State q = n;}), if it is one.
   */
  private Optional<String> valueOf(NameExpr n) {
    Node value = n;
    while (value.getParentNode().orElse(null) instanceof EnclosedExpr
        || value.getParentNode().orElse(null) instanceof ConditionalExpr c && c.getCondition() != value) {
      value = value.getParentNode().get();
    }
    Node holder = value.getParentNode().orElse(null);
    Expression target = holder instanceof AssignExpr a && a.getValue() == value && a.getParentNode().orElse(null) instanceof ExpressionStmt
        ? a.getTarget() : holder instanceof VariableDeclarator d ? new NameExpr(d.getNameAsString()) : null;
    Optional<RecordDeclaration> r = declaration(n.getNameAsString(), m).flatMap(RecordLocals::plainRecord);
    return target != null && splittable(target, m) && declaration(((NameExpr) target).getNameAsString(), m)
        .flatMap(RecordLocals::plainRecord).equals(r) ? Optional.of(((NameExpr) target).getNameAsString()) : Optional.empty();
  }

  /** Whether the components of {@code e}, a value of record {@code r}, can be read one by one (see {@link #components}). */
  private boolean takesApart(Expression e, RecordDeclaration r) {
    if (e instanceof EnclosedExpr x) {
      return takesApart(x.getInner(), r);
    }
    if (e instanceof ConditionalExpr c) {
      return takesApart(c.getThenExpr(), r) && takesApart(c.getElseExpr(), r) && !checkedInAnArm(c);
    }
    if (e instanceof ObjectCreationExpr o) {
      return o.getAnonymousClassBody().isEmpty() && o.getScope().isEmpty()
          && o.getArguments().size() == r.getParameters().size()
          && RecordParameters.recordNamed(o.getType(), o).filter(x -> x == r).isPresent();
    }
    return isPath(e) && RecordTypes.of(e, m).filter(x -> x == r).isPresent();
  }

  /**
   * Whether an arm of {@code c} makes a record whose constructor checks what it is given: the checks,
   * written before the statement, would run whichever arm is chosen.
   */
  private static boolean checkedInAnArm(ConditionalExpr c) {
    return c.findAll(ObjectCreationExpr.class).stream()
        .anyMatch(o -> RecordParameters.recordNamed(o.getType(), o).filter(RecordGuards::checks).isPresent());
  }

  /** A name, or components read of one ({@code net.first()}, {@code net.first}): read again, the same. */
  private static boolean isPath(Expression e) {
    return e instanceof NameExpr || e instanceof FieldAccessExpr f && isPath(f.getScope())
        || e instanceof MethodCallExpr c && c.getArguments().isEmpty() && c.getScope().filter(RecordLocals::isPath).isPresent();
  }

  /**
   * The value of each component of {@code e}: a new record's arguments, a path's accessors ({@code
   * q.h()}, a split local's read in turn), and of {@code c ? a : b} the choice between the arms'
   * (the test computed once, into {@code before}).
   */
  private List<Expression> components(Expression e, RecordDeclaration r, List<Statement> before) {
    if (e instanceof EnclosedExpr x) {
      return components(x.getInner(), r, before);
    }
    if (e instanceof ConditionalExpr c) {
      Expression test = SourceRewrites.once(c.getCondition(), "pick", "boolean", taken, before);
      List<Expression> a = components(c.getThenExpr(), r, before);
      List<Expression> b = components(c.getElseExpr(), r, before);
      List<Expression> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(SourceRewrites.at(new ConditionalExpr(test.clone(), a.get(i), b.get(i)), c));
      }
      return out;
    }
    if (e instanceof ObjectCreationExpr o && RecordGuards.checks(r)) {
      // Java computes the arguments, then the constructor checks them: each named once, then checked.
      List<Expression> given = new ArrayList<>();
      for (int i = 0; i < r.getParameters().size(); i++) {
        Parameter c = r.getParameter(i);
        given.add(SourceRewrites.once(o.getArgument(i), c.getNameAsString(), c.getTypeAsString(), taken, before));
      }
      before.addAll(RecordGuards.on(r, given));
      return given;
    }
    if (e instanceof ObjectCreationExpr o) {
      return o.getArguments().stream().map(Expression::clone).toList();
    }
    return r.getParameters().stream()
        .map(c -> (Expression) SourceRewrites.allAt(new MethodCallExpr(e.clone(), c.getNameAsString()), e)).toList();
  }

  /** {@code T vC = value's c;} for each component: a declaration's value taken apart, or none. */
  private List<Statement> declarations(RecordDeclaration r, Map<String, String> parts, VariableDeclarator v) {
    List<Statement> out = new ArrayList<>();
    List<Expression> values = v.getInitializer().map(i -> components(i, r, out)).orElse(null);
    for (int i = 0; i < r.getParameters().size(); i++) {
      Parameter c = r.getParameters().get(i);
      VariableDeclarator d = new VariableDeclarator(c.getType().clone(), parts.get(c.getNameAsString()));
      if (values != null) {
        d.setInitializer(values.get(i));
      }
      out.add(SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new VariableDeclarationExpr(d), v)), v));
    }
    return out;
  }

  /**
   * {@code vC = value's c;} for each component, in order; where a value reads the local itself
   * ({@code s = new State(s.h() * w, s.t() + 1)}), each computed first into a new local, as Java
   * computes every argument before the record is made.
   */
  private List<Statement> assignments(VariableDeclarator v, RecordDeclaration r, Map<String, String> parts,
      Expression value, Node at) {
    List<Statement> out = new ArrayList<>();
    List<Expression> values = components(value, r, out);
    boolean readsItself = values.stream().anyMatch(x -> x.findFirst(NameExpr.class,
        n -> n.getNameAsString().equals(v.getNameAsString())).isPresent());
    List<Statement> sets = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Parameter c = r.getParameters().get(i);
      Expression x = values.get(i);
      if (readsItself) {
        String next = SourceRewrites.fresh(c.getNameAsString(), taken);
        out.add(SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new VariableDeclarationExpr(
            new VariableDeclarator(c.getType().clone(), next, x)), at)), at));
        x = new NameExpr(next);
      }
      sets.add(SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new AssignExpr(
          SourceRewrites.at(new NameExpr(parts.get(c.getNameAsString())), at), x, AssignExpr.Operator.ASSIGN), at)), at));
    }
    out.addAll(sets);
    return out;
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
