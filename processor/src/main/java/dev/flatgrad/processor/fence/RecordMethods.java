package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import dev.flatgrad.processor.fence.RecordCallSites.Site;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** More inlined calls than this in one method is a recursion (a method of the record calling itself). */
  private static final int MOST = 200;

  private final MethodDeclaration caller;
  private final Set<String> taken;
  private final RecordCallSites sites;
  private final InPlaceOrder order;

  private RecordMethods(MethodDeclaration caller) {
    this.caller = caller;
    this.taken = SourceRewrites.namesIn(caller);
    this.sites = new RecordCallSites(caller);
    this.order = new InPlaceOrder(caller);
  }

  /** Writes each call of a record of parameters' method in {@code m} where it is called. */
  public static void rewrite(MethodDeclaration m) {
    if (m.getBody().isEmpty()) {
      return;
    }
    RecordMethods r = new RecordMethods(m);
    for (int done = 0; ; done++) {
      Optional<Site> next = r.sites.next();
      if (next.isEmpty()) {
        return;
      }
      if (done == MOST) {
        boolean writer = ArrayWritingHelpers.writesParameter(next.get().method()) && next.get().record() == null;
        next.get().call().setData(NOT_INLINED, "`" + next.get().method().getNameAsString() + "` calls itself, in"
            + " turn or through others: flatgrad writes a method "
            + (writer ? "that writes into an array it is given" : "taking a record differentiated component by component")
            + " where it is called, which a recursion cannot be; "
            + (writer ? "write the recursion as a loop" : "give it the components as parameters"));
        return;
      }
      r.inline(next.get());
    }
  }

  private void inline(Site s) {
    boolean discarded = CallHosts.discards(s.call());
    Optional<String> why = s.record() != null ? RecordMethodBodies.whyNot(s.method(), s.record())
        : s.receiver() != null ? RecordMethodBodies.whyNotOnObject(s.method(), s.receiver(), caller)
        : RecordMethodBodies.whyNot(s.method(), discarded);
    Statement host = CallHosts.of(s.call());
    Optional<String> where = host == null ? Optional.of(InPlaceOrder.notOnce("here")) : order.whereNot(s.call(), host)
        .or(() -> order.writesWhatIsReadBefore(s.call(), writtenArrays(s)));
    if ((why.isPresent() || where.isPresent() || !computesNumbers(s.method())) && s.optional()) {
      s.call().setData(RecordCallSites.LEFT, true);
      return;
    }
    if (why.isPresent() || where.isPresent()) {
      s.call().setData(NOT_INLINED, "`" + s.call() + "` " + s.why() + ": " + why.orElseGet(where::get));
      return;
    }
    List<Statement> before = new ArrayList<>();
    Map<String, Expression> params = arguments(s, before);
    RecordMethodBodies body = new RecordMethodBodies(s.method(), caller, s.record(), s.receiver(), params, taken);
    NodeList<Statement> stmts = body.statements();
    spellings(s, params, body.renamed());
    Optional<String> captured = body.free().stream().filter(SourceRewrites.variablesOf(caller)::contains).findFirst();
    if (captured.isPresent() && s.optional()) {
      s.call().setData(RecordCallSites.LEFT, true);
      return;
    }
    if (captured.isPresent()) {
      s.call().setData(NOT_INLINED, "`" + s.call() + "` " + s.why() + ", where `" + captured.get() + "`, which `"
          + s.method().getNameAsString() + "` reads, would be " + caller.getNameAsString() + "'s own variable:"
          + " rename that variable of " + caller.getNameAsString());
      return;
    }
    Type resultType = s.method().getType().clone();
    if (discarded) {
      // fill(out, x); or a result not used: the body in the statement's place, its returns leaving it.
      before.addAll(ReturnsAsAssignments.assigning(stmts, resultType.isVoidType() ? null : resultType,
          SourceRewrites.fresh(s.method().getNameAsString(), taken), taken, s.call()));
      CallHosts.place(host, before, true);
      return;
    }
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
    before.addAll(ReturnsAsAssignments.assigning(stmts, resultType, result, taken, s.call()));
    if (reuse) {
      CallHosts.place(host, before, true);
    } else {
      s.call().replace(SourceRewrites.at(new NameExpr(result), s.call()));
      if (host instanceof WhileStmt w) {
        Increments.testInside(w, before, List.of()); // computed before each test, as the condition calls it
      } else {
        CallHosts.place(host, before, false);
      }
    }
  }

  /** The caller's arrays the call writes into (none but for a method that writes into what it is given). */
  private static Set<String> writtenArrays(Site s) {
    Set<String> out = new java.util.HashSet<>();
    if (s.record() == null && s.receiver() == null) {
      for (int i : ArrayWritingHelpers.writtenParameters(s.method())) {
        if (ArrayWritingHelpers.arrayRoot(s.call().getArgument(i)) instanceof NameExpr n) {
          out.add(n.getNameAsString());
        }
      }
    }
    return out;
  }

  /**
   * On the lines of the method written in place, what it is given spelled as its body names it:
   * its renamed locals by their own names, its arguments by its parameters', the receiver's
   * components and fields by theirs ({@code w} for {@code p.w()}).
   */
  private void spellings(Site s, Map<String, Expression> params, Map<String, String> renamed) {
    BlockStmt lines = s.method().getBody().orElseThrow();
    SourceSpellings.calledAt(caller, lines, s.call());
    renamed.forEach((own, fresh) -> SourceSpellings.within(caller, lines, fresh, own));
    params.forEach((name, value) -> {
      if (!(value instanceof LiteralExpr)) {
        SourceSpellings.within(caller, lines, value.toString(), name);
      }
    });
    if (s.record() != null) {
      s.record().getParameters().forEach(c -> SourceSpellings.within(caller, lines,
          s.receiver() + "." + c.getNameAsString() + "()", c.getNameAsString()));
    } else if (s.receiver() != null) {
      ((TypeDeclaration<?>) s.method().getParentNode().orElseThrow()).getFields().stream()
          .filter(f -> !f.isStatic()).flatMap(f -> f.getVariables().stream())
          .forEach(v -> SourceSpellings.within(caller, lines, s.receiver() + "." + v.getNameAsString(), v.getNameAsString()));
    }
  }

  /**
   * Whether {@code m} returns what flatgrad differentiates (numbers, arrays of them, a record split
   * into such): a method on a local that may stay an object is written in place only then, so that
   * one returning a {@code String} or a list stays the call it was.
   */
  private static boolean computesNumbers(MethodDeclaration m) {
    Type t = m.getType();
    while (t.isArrayType()) {
      t = t.asArrayType().getComponentType();
    }
    return t.isPrimitiveType() || RecordLocals.returnsPlainRecord(m);
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
}
