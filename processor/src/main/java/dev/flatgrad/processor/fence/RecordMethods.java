package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls of a record's own methods on a record of parameters ({@code p.norm()}, {@code
 * net.first().score(x)}, and, in such a method, its calls of the record's other methods) written
 * where they are called, as a person differentiating by hand would: the record never reaches the
 * engine as an object (it is one parameter per component, {@link RecordParameters}), so the
 * method's body is put before the statement that calls it, its parameters given the arguments, its
 * locals new names, each read of a component ({@code w}, {@code this.w}, {@code w()}) read on the
 * receiver ({@code p.w()}), and its returns assigned to a local the statement reads instead of the
 * call (in a {@code while}'s condition, before each test, as {@link Increments} puts a condition's
 * increments). The same program where the call is evaluated on every run of the statement, before
 * what follows it: not in a {@code for}'s or {@code do}'s condition or update, the right operand of
 * {@code &&} or {@code ||}, an arm of {@code ?:} or of a switch expression; there, and where the
 * method passes {@code this} on, calls itself or declares a local named like a component, the call
 * is marked {@link #NOT_INLINED} with the reason, which lowering reports on its line.
 */
public final class RecordMethods {

  /** Why a call of a record's method was left where it is: lowering's error on it. */
  public static final DataKey<String> NOT_INLINED = new DataKey<>() {};

  private static final Set<String> FUNCTIONS = Set.of("Math", "StrictMath", "Nd");

  /** More inlined calls than this in one method is a recursion (a method of the record calling itself). */
  private static final int MOST = 200;

  private final MethodDeclaration caller;
  private final Set<String> taken;

  private RecordMethods(MethodDeclaration caller) {
    this.caller = caller;
    this.taken = SourceRewrites.namesIn(caller);
  }

  /** Writes each call of a record of parameters' method in {@code m} where it is called. */
  public static void rewrite(MethodDeclaration m) {
    if (m.getBody().isEmpty()) {
      return;
    }
    RecordMethods r = new RecordMethods(m);
    for (int done = 0; ; done++) {
      Optional<Site> next = r.next();
      if (next.isEmpty()) {
        return;
      }
      if (done == MOST) {
        next.get().call().setData(NOT_INLINED, "`" + next.get().method().getNameAsString() + "` calls itself, in"
            + " turn or through others: flatgrad writes a method taking a record differentiated component by"
            + " component where it is called, which a recursion cannot be; give it the components as parameters");
        return;
      }
      r.inline(next.get());
    }
  }

  /**
   * A call {@code receiver.method(args)} of a record's instance method, or (with neither {@code
   * receiver} nor {@code record}) a call of a method of the caller's class passed a record.
   */
  private record Site(MethodCallExpr call, Expression receiver, RecordDeclaration record, MethodDeclaration method) {

    /** How the call is named in messages: a method of the record, or the callee passed it. */
    String what() {
      return record != null ? "calls a method of " + record.getNameAsString() + ", a record"
          : "passes a record to `" + method.getNameAsString() + "`, a record";
    }
  }

  /** The first call to write in place whose arguments call none: innermost first. */
  private Optional<Site> next() {
    List<Site> sites = new ArrayList<>();
    for (MethodCallExpr c : caller.getBody().get().findAll(MethodCallExpr.class)) {
      site(c).ifPresent(sites::add);
    }
    return sites.stream()
        .filter(s -> sites.stream().noneMatch(o -> o != s && s.call().getArguments().stream()
            .anyMatch(a -> a.isAncestorOf(o.call()) || a == o.call())))
        .findFirst();
  }

  private Optional<Site> site(MethodCallExpr c) {
    if (c.containsData(NOT_INLINED)) {
      return Optional.empty();
    }
    return c.getScope().filter(x -> !namesCallersClass(x)).isPresent() ? onRecord(c) : passingRecord(c);
  }

  private boolean namesCallersClass(Expression scope) {
    return scope instanceof ThisExpr || scope instanceof NameExpr n && RecordTypes.of(n, caller).isEmpty()
        && caller.findAncestor(TypeDeclaration.class).filter(t -> t.getNameAsString().equals(n.getNameAsString()))
            .isPresent();
  }

  /**
   * A call of a method of the caller's class ({@code loss(p, x)}) passing a record the caller
   * differentiates component by component: the callee's gradient would be one of the record, which
   * a caller's backward pass cannot take apart yet, so its body is written where it is called.
   */
  private Optional<Site> passingRecord(MethodCallExpr c) {
    Optional<TypeDeclaration> owner = caller.findAncestor(TypeDeclaration.class);
    List<MethodDeclaration> methods = owner.stream()
        .flatMap(t -> ((TypeDeclaration<?>) t).getMethodsByName(c.getNameAsString()).stream())
        .filter(m -> m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size()).toList();
    if (c.getArguments().stream().noneMatch(this::differentiated)) {
      return Optional.empty();
    }
    return one(c, methods).map(m -> new Site(c, null, null, m));
  }

  /**
   * The one method of {@code methods} (those of the call's name and number of arguments); where
   * there are more, the call is marked: flatgrad picks the method to write in place by its name and
   * number of arguments, not their types.
   */
  private static Optional<MethodDeclaration> one(MethodCallExpr c, List<MethodDeclaration> methods) {
    if (methods.size() > 1) {
      c.setData(NOT_INLINED, "`" + c + "` is given a record differentiated component by component, and flatgrad"
          + " writes the method it calls where it is called, choosing it by its name and number of arguments: `"
          + c.getNameAsString() + "` has " + methods.size() + " overloads of " + c.getArguments().size()
          + "; give them different names");
    }
    return methods.size() == 1 ? Optional.of(methods.get(0)) : Optional.empty();
  }

  /** Whether {@code e} is a record the caller differentiates component by component, or one nested in it. */
  private boolean differentiated(Expression e) {
    return RecordTypes.of(e, caller).filter(RecordParameters::differentiable).isPresent()
        && RecordTypes.rootParameter(e, caller).filter(GradientMethods.declaredWrt(caller)::contains).isPresent();
  }

  private Optional<Site> onRecord(MethodCallExpr c) {
    Expression receiver = c.getScope().get();
    Optional<RecordDeclaration> record = RecordTypes.of(receiver, caller);
    if (!differentiated(receiver)) {
      return Optional.empty(); // a record of settings: its methods are called as they are
    }
    List<MethodDeclaration> methods = record.get().getMethodsByName(c.getNameAsString()).stream()
        .filter(m -> !m.isStatic() && m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size())
        .toList();
    if (c.getArguments().isEmpty() && RecordTypes.component(record.get(), c.getNameAsString()).isPresent()) {
      return Optional.empty(); // an accessor (one that is no plain read is the signature's error)
    }
    return one(c, methods).map(m -> new Site(c, receiver, record.get(), m));
  }

  private void inline(Site s) {
    Optional<String> why = s.record() == null ? RecordMethodBodies.whyNot(s.method())
        : RecordMethodBodies.whyNot(s.method(), s.record());
    Statement host = hostOf(s.call());
    Optional<String> where = host == null ? Optional.of(notOnce("here")) : whereNot(s.call(), host);
    if (why.isPresent() || where.isPresent()) {
      s.call().setData(NOT_INLINED, "`" + s.call() + "` " + s.what() + " differentiated component by component,"
          + " and flatgrad writes such a call's method where it is called: "
          + why.orElseGet(where::get));
      return;
    }
    List<Statement> before = new ArrayList<>();
    Map<String, Expression> params = arguments(s, before);
    RecordMethodBodies body = new RecordMethodBodies(s.method(), s.record(), s.receiver(), params, taken);
    NodeList<Statement> stmts = body.statements();
    Optional<String> captured = body.free().stream().filter(variablesOfCaller()::contains).findFirst();
    if (captured.isPresent()) {
      s.call().setData(NOT_INLINED, "`" + s.call() + "` " + s.what() + " differentiated component by component,"
          + " and flatgrad writes such a call's method where it is called, where `" + captured.get() + "`, which `"
          + s.method().getNameAsString() + "` reads, would be " + caller.getNameAsString() + "'s own variable:"
          + " rename that variable of " + caller.getNameAsString());
      return;
    }
    Type resultType = s.method().getType().clone();
    Expression value = s.call();
    String result;
    boolean reuse = host instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d
        && d.getVariables().size() == 1 && d.getVariable(0).getInitializer().filter(i -> i == value).isPresent();
    if (reuse) {
      VariableDeclarator v = ((VariableDeclarationExpr) ((ExpressionStmt) host).getExpression()).getVariable(0);
      result = v.getNameAsString();
      resultType = v.getType().isVarType() ? resultType : v.getType().clone();
    } else {
      result = SourceRewrites.fresh(s.method().getNameAsString(), taken);
    }
    before.addAll(Returns.assigning(stmts, resultType, result, taken, s.call()));
    if (reuse) {
      place(host, before, true);
    } else {
      s.call().replace(SourceRewrites.at(new NameExpr(result), s.call()));
      if (host instanceof WhileStmt w) {
        Increments.testInside(w, before, List.of()); // computed before each test, as the condition calls it
      } else {
        place(host, before, false);
      }
    }
  }

  /**
   * Each parameter's value in the body: an argument that is a literal, a name or a record's
   * component record ({@code net.first()}), where the method does not assign the parameter, as it
   * is; another in a new local declared before the body ({@code double[] x2 = ...;}).
   */
  private Map<String, Expression> arguments(Site s, List<Statement> before) {
    Set<String> assigned = Nodes.assignedNames(s.method());
    Map<String, Expression> out = new HashMap<>();
    for (int i = 0; i < s.method().getParameters().size(); i++) {
      Parameter p = s.method().getParameter(i);
      Expression arg = s.call().getArgument(i);
      String name = p.getNameAsString();
      if (!assigned.contains(name) && (arg instanceof LiteralExpr || arg instanceof NameExpr
          || RecordTypes.of(arg, caller).isPresent())) {
        out.put(name, arg.clone());
      } else {
        String local = SourceRewrites.fresh(name, taken);
        before.add(SourceRewrites.at(new ExpressionStmt(new VariableDeclarationExpr(
            new VariableDeclarator(p.getType().clone(), local, arg.clone()))), arg));
        out.put(name, new NameExpr(local));
      }
    }
    return out;
  }

  /** The names of the caller's parameters and locals. */
  private Set<String> variablesOfCaller() {
    Set<String> out = new HashSet<>();
    caller.findAll(Parameter.class).forEach(p -> out.add(p.getNameAsString()));
    caller.findAll(VariableDeclarator.class).forEach(v -> out.add(v.getNameAsString()));
    return out;
  }

  /** The statement the call's value is computed in, the one its body goes before; null if none. */
  private static Statement hostOf(Node call) {
    Node n = call.getParentNode().orElse(null);
    while (n != null && !(n instanceof Statement)) {
      n = n.getParentNode().orElse(null);
    }
    return (Statement) n;
  }

  /** Why the call may not run before {@code host}, once, if it may not. */
  private Optional<String> whereNot(MethodCallExpr call, Statement host) {
    boolean runsOnce = host instanceof ExpressionStmt || host instanceof ReturnStmt || host instanceof ThrowStmt
        || host instanceof YieldStmt
        || host instanceof IfStmt i && i.getCondition().isAncestorOf(call)
        || host instanceof WhileStmt w && w.getCondition().isAncestorOf(call)
        || host instanceof SwitchStmt w && w.getSelector().isAncestorOf(call)
        || host instanceof ForEachStmt f && f.getIterable().isAncestorOf(call)
        || host instanceof ForStmt f && f.getInitialization().stream().anyMatch(x -> x == call || x.isAncestorOf(call));
    if (!runsOnce) {
      return Optional.of(notOnce("in a for's or do's condition or update"));
    }
    if (host.getParentNode().filter(p -> p instanceof SwitchEntry e && e.getParentNode()
        .filter(x -> x instanceof com.github.javaparser.ast.expr.SwitchExpr).isPresent()).isPresent()
        && !(host instanceof YieldStmt)) {
      return Optional.of(notOnce("in an arm of a switch expression"));
    }
    if (!Increments.unconditional(call, host)) {
      return Optional.of(notOnce("in an operand of &&, || or ?: that may not be evaluated"));
    }
    return sharedWithAnEarlierCall(call, host);
  }

  private static String notOnce(String where) {
    return "it cannot be " + where + ", where Java may evaluate it not at all or more than once; read it into a"
        + " local before the statement";
  }

  /**
   * A call the statement makes before {@code call} (left of it, as Java evaluates) that is given a
   * name {@code call}'s arguments name ({@code rng.nextGaussian() + p.noisy(rng)}, {@code fill(buf) +
   * p.f(buf)}): written before the statement, {@code call} would run first and see another state.
   */
  private Optional<String> sharedWithAnEarlierCall(MethodCallExpr call, Statement host) {
    Set<String> given = new HashSet<>();
    call.getArguments().forEach(a -> a.findAll(NameExpr.class).forEach(n -> given.add(n.getNameAsString())));
    Node scope = host instanceof IfStmt i ? i.getCondition() : host instanceof WhileStmt w ? w.getCondition() : host;
    for (MethodCallExpr earlier : scope.findAll(MethodCallExpr.class)) {
      if (earlier == call) {
        return Optional.empty();
      }
      if (earlier.isAncestorOf(call) || isFunction(earlier)) {
        continue;
      }
      boolean shares = earlier.findAll(NameExpr.class).stream().anyMatch(n -> given.contains(n.getNameAsString()));
      if (shares) {
        return Optional.of("it comes after `" + earlier + "`, which the statement calls first and gives what it is"
            + " given; written before the statement it would run first: call `" + earlier + "` in a statement"
            + " before");
      }
    }
    return Optional.empty();
  }

  /** A call that changes nothing: Math's, StrictMath's, Nd's, a record's accessor. */
  private boolean isFunction(MethodCallExpr c) {
    Optional<Expression> scope = c.getScope();
    return scope.filter(x -> x instanceof NameExpr n && FUNCTIONS.contains(n.getNameAsString())).isPresent()
        || c.getArguments().isEmpty() && scope.flatMap(x -> RecordTypes.of(x, caller))
            .flatMap(r -> RecordTypes.component(r, c.getNameAsString())).isPresent();
  }

  /** Puts {@code stmts} before {@code host} (in its place where {@code replace}), in its block or case. */
  private static void place(Statement host, List<Statement> stmts, boolean replace) {
    Statement at = host.getParentNode().orElse(null) instanceof LabeledStmt l ? l : host;
    NodeList<Statement> list = at.getParentNode().orElse(null) instanceof BlockStmt b ? b.getStatements()
        : at.getParentNode().orElse(null) instanceof SwitchEntry e ? e.getStatements() : null;
    if (list == null) {
      BlockStmt block = SourceRewrites.at(new BlockStmt(), at);
      at.replace(block);
      list = block.getStatements();
      list.add(at);
    }
    int index = SourceRewrites.indexOf(list, at);
    if (replace) {
      list.remove(index);
    }
    list.addAll(index, stmts);
  }

  /** The body's returns made assignments of the result. */
  private static final class Returns {

    private Returns() {}

    /**
     * {@code stmts} with each {@code return e;} made {@code result = e;}: where every return ends a
     * branch, as if/else ({@code T result; if (c) { result = a; } else { ...; result = b; }}, or
     * {@code T result = e;} after the rest where the one return is last); else in a loop left
     * where it returned, {@code inline: do { ...; result = e; break inline; ... } while (false);}.
     */
    static List<Statement> assigning(NodeList<Statement> stmts, Type type, String result, Set<String> taken,
        Node at) {
      List<Statement> out = new ArrayList<>();
      if (!stmts.isEmpty() && stmts.getLast().get() instanceof ReturnStmt last
          && stmts.stream().filter(x -> x != last).noneMatch(x -> x.findFirst(ReturnStmt.class).isPresent())) {
        out.addAll(stmts.subList(0, stmts.size() - 1));
        out.add(SourceRewrites.at(new ExpressionStmt(new VariableDeclarationExpr(
            new VariableDeclarator(type, result, last.getExpression().orElseThrow()))), last));
        return out;
      }
      out.add(SourceRewrites.at(new ExpressionStmt(new VariableDeclarationExpr(new VariableDeclarator(type, result))),
          at));
      // On copies: a conversion that fails half way has moved nodes of the original into its new ifs.
      Optional<List<Statement>> branches = branches(stmts.stream().map(Statement::clone).toList(), result);
      if (branches.isPresent()) {
        out.addAll(branches.get());
        return out;
      }
      String label = SourceRewrites.fresh("inline", taken);
      BlockStmt body = new BlockStmt(stmts);
      for (ReturnStmt r : body.findAll(ReturnStmt.class)) {
        BlockStmt assignAndLeave = SourceRewrites.at(new BlockStmt(), r);
        assignAndLeave.addStatement(assign(result, r));
        assignAndLeave.addStatement(SourceRewrites.at(new BreakStmt(label), r));
        r.replace(assignAndLeave);
      }
      out.add(SourceRewrites.at(new LabeledStmt(label,
          SourceRewrites.at(new DoStmt(body, SourceRewrites.at(new BooleanLiteralExpr(false), at)), at)), at));
      return out;
    }

    /** The statements with every return ending a branch made an assignment, the rest after an if put in its else; empty if a return is in a loop. */
    private static Optional<List<Statement>> branches(List<Statement> stmts, String result) {
      List<Statement> out = new ArrayList<>();
      for (int i = 0; i < stmts.size(); i++) {
        Statement s = stmts.get(i);
        List<Statement> rest = stmts.subList(i + 1, stmts.size());
        if (s.findFirst(ReturnStmt.class).isEmpty()) {
          out.add(s);
        } else if (s instanceof ReturnStmt r) {
          out.add(assign(result, r));
          return Optional.of(out);
        } else if (s instanceof BlockStmt b) {
          List<Statement> inner = new ArrayList<>(b.getStatements());
          inner.addAll(rest);
          return branches(inner, result).map(x -> {
            out.addAll(x);
            return out;
          });
        } else if (s instanceof IfStmt f) {
          Optional<List<Statement>> then = branches(withRest(f.getThenStmt(), rest), result);
          Optional<List<Statement>> otherwise = branches(withRest(f.getElseStmt().orElse(null), rest), result);
          if (then.isEmpty() || otherwise.isEmpty()) {
            return Optional.empty();
          }
          out.add(SourceRewrites.at(new IfStmt(f.getCondition(), block(then.get(), f.getThenStmt()),
              otherwise.get().isEmpty() ? null : block(otherwise.get(), f)), f));
          return Optional.of(out);
        } else {
          return Optional.empty();
        }
      }
      return Optional.of(out);
    }

    private static List<Statement> withRest(Statement branch, List<Statement> rest) {
      List<Statement> out = new ArrayList<>();
      if (branch instanceof BlockStmt b) {
        out.addAll(b.getStatements());
      } else if (branch != null) {
        out.add(branch);
      }
      if (out.isEmpty() || !(out.get(out.size() - 1) instanceof ReturnStmt || out.get(out.size() - 1) instanceof ThrowStmt)) {
        rest.forEach(x -> out.add(x.clone()));
      }
      return out;
    }

    private static BlockStmt block(List<Statement> stmts, Node at) {
      return SourceRewrites.at(new BlockStmt(new NodeList<>(stmts)), at);
    }

    private static Statement assign(String result, ReturnStmt r) {
      return SourceRewrites.at(new ExpressionStmt(SourceRewrites.at(new AssignExpr(new NameExpr(result),
          r.getExpression().orElseThrow(), AssignExpr.Operator.ASSIGN), r)), r);
    }
  }
}
