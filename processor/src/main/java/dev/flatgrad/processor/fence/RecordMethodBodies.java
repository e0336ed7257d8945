package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a method as it reads where {@link RecordMethods} writes it: its locals renamed to
 * names the caller does not use, its parameters given the call's arguments; for a record's
 * instance method also a component ({@code w}, {@code this.w}, {@code w()}, {@code this.w()}) read
 * on the receiver ({@code p.w()}), a call of another of its instance methods made on the receiver
 * (written in place in turn), and its static members named through the record ({@code
 * Params.EPS}). A static method (no record) reads its names as the caller does, but for those its
 * own class declares and the caller's would not mean: those are named through its class.
 */
final class RecordMethodBodies {

  private final MethodDeclaration method;
  private final MethodDeclaration caller;
  private final RecordDeclaration record;
  private final Expression receiver;
  private final Map<String, Expression> params;
  private final Set<String> taken;
  /** The names the body reads that are none of its own, nor the record's: fields and constants of classes around. */
  private final Set<String> free = new java.util.HashSet<>();
  /** The new name of each of the body's locals. */
  private final Map<String, String> renamed = new HashMap<>();

  RecordMethodBodies(MethodDeclaration method, MethodDeclaration caller, RecordDeclaration record,
      Expression receiver, Map<String, Expression> params, Set<String> taken) {
    this.method = method;
    this.caller = caller;
    this.record = record;
    this.receiver = receiver;
    this.params = params;
    this.taken = taken;
  }

  /** Why {@code m}, a method of the caller's class, cannot be written where it is called, if it cannot. */
  static Optional<String> whyNot(MethodDeclaration m) {
    return whyNot(m, false);
  }

  /**
   * As {@link #whyNot(MethodDeclaration)}; a {@code void} method can be where its call is a
   * statement of its own ({@code discarded}).
   */
  static Optional<String> whyNot(MethodDeclaration m, boolean discarded) {
    String name = m.getNameAsString();
    if (m.getType().isVoidType() && !discarded) {
      return Optional.of("`" + name + "` returns nothing, so it cannot be differentiated");
    }
    if (!m.getTypeParameters().isEmpty() || m.getParameters().stream().anyMatch(p -> p.isVarArgs())) {
      return Optional.of("`" + name + "` is generic or takes varargs; give it plain parameters");
    }
    return Optional.empty();
  }

  /** Why {@code m}, an instance method of record {@code r}, cannot be written where it is called, if it cannot. */
  static Optional<String> whyNot(MethodDeclaration m, RecordDeclaration r) {
    String name = m.getNameAsString();
    Optional<String> plain = whyNot(m);
    if (plain.isPresent()) {
      return plain;
    }
    if (usesThisWhole(m)) {
      return Optional.of("`" + name + "` uses `this` as a whole other than passing it to a method, which no gradient"
          + " could reach through; read the components it needs instead");
    }
    Optional<VariableDeclarator> shadowing = m.getBody().orElseThrow().findAll(VariableDeclarator.class).stream()
        .filter(v -> RecordTypes.component(r, v.getNameAsString()).isPresent()).findFirst();
    if (shadowing.isPresent()) {
      return Optional.of("`" + name + "` declares a local `" + shadowing.get().getNameAsString() + "` named like a"
          + " component of " + r.getNameAsString() + "; rename the local");
    }
    return Optional.empty();
  }

  /**
   * Why {@code m}, an instance method of a helper object's class called on {@code receiver}, cannot
   * be written where it is called, if it cannot.
   */
  static Optional<String> whyNotOnObject(MethodDeclaration m, Expression receiver, MethodDeclaration caller) {
    ClassOrInterfaceDeclaration cls = (ClassOrInterfaceDeclaration) m.getParentNode().orElseThrow();
    Optional<String> plain = whyNot(m).or(() -> HelperObjects.whyNotExact(receiver, cls, m, caller));
    if (plain.isPresent()) {
      return plain;
    }
    if (!SourceRewrites.isPlace(receiver)) {
      return Optional.of("`" + receiver + "` is computed, and the method's body reads it for each field; keep the object"
          + " in a local and call the method on that");
    }
    if (usesThisWhole(m)) {
      return Optional.of("`" + m.getNameAsString() + "` uses `this` as a whole other than passing it to a method; read"
          + " the fields it needs instead");
    }
    return m.getBody().orElseThrow().findAll(VariableDeclarator.class).stream()
        .filter(v -> instanceField(cls, v.getNameAsString())).findFirst()
        .map(v -> "`" + m.getNameAsString() + "` declares a local `" + v.getNameAsString() + "` named like a field of "
            + cls.getNameAsString() + "; rename the local");
  }

  private static boolean instanceField(TypeDeclaration<?> cls, String name) {
    return cls.getFields().stream().filter(f -> !f.isStatic())
        .anyMatch(f -> f.getVariables().stream().anyMatch(v -> v.getNameAsString().equals(name)));
  }

  /** Whether {@code m}'s body uses {@code this} other than for a member or as an argument. */
  private static boolean usesThisWhole(MethodDeclaration m) {
    return m.getBody().orElseThrow().findAll(ThisExpr.class, t -> !(t.getParentNode().orElse(null) instanceof FieldAccessExpr)
        && !(t.getParentNode().orElse(null) instanceof MethodCallExpr c && c.getScope().filter(s -> s == t).isPresent())
        && !passed(t)).stream().findAny().isPresent();
  }

  /** Whether {@code t} is an argument of a call ({@code Layers.bias(this)}). */
  private static boolean passed(ThisExpr t) {
    return t.getParentNode().filter(p -> p instanceof MethodCallExpr c && c.getArguments().stream().anyMatch(a -> a == t)).isPresent();
  }

  /** The body's statements, ready to stand before the call. */
  NodeList<Statement> statements() {
    BlockStmt body = method.getBody().orElseThrow().clone();
    for (VariableDeclarator v : body.findAll(VariableDeclarator.class)) {
      v.setName(renamed.computeIfAbsent(v.getNameAsString(), n -> SourceRewrites.fresh(n, taken)));
    }
    for (Parameter p : body.findAll(Parameter.class)) { // a lambda's, a catch's: locals too
      p.setName(renamed.computeIfAbsent(p.getNameAsString(), n -> SourceRewrites.fresh(n, taken)));
    }
    List<NameExpr> names = body.findAll(NameExpr.class);
    TypeDeclaration<?> object = record == null && receiver != null ? (TypeDeclaration<?>) method.getParentNode().orElseThrow() : null;
    if (object != null) {
      onObject(body, object);
    }
    if (record != null) {
      for (MethodCallExpr c : body.findAll(MethodCallExpr.class,
          c -> c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr)) {
        onReceiver(c);
      }
      for (FieldAccessExpr f : body.findAll(FieldAccessExpr.class, f -> f.getScope() instanceof ThisExpr)) {
        f.replace(member(f.getNameAsString(), f));
      }
      for (ThisExpr t : body.findAll(ThisExpr.class, RecordMethodBodies::passed)) {
        t.replace(SourceRewrites.allAt(receiver.clone(), t)); // the callee is given the receiver, and written in place in turn
      }
    }
    for (NameExpr n : names) {
      String id = n.getNameAsString();
      if (renamed.containsKey(id)) {
        n.setName(renamed.get(id));
      } else if (params.containsKey(id)) {
        n.replace(SourceRewrites.allAt(params.get(id).clone(), n));
      } else if (record != null && (RecordTypes.component(record, id).isPresent() || staticField(id))) {
        n.replace(member(id, n));
      } else if (object != null && instanceField(object, id)) {
        n.replace(SourceRewrites.allAt(new FieldAccessExpr(receiver.clone(), id), n));
      } else {
        Optional<TypeDeclaration<?>> field = FileScopes.declaringField(method, id);
        Optional<TypeDeclaration<?>> home = field.isPresent()
            ? elsewhere(field, FileScopes.declaringField(caller, id)) // a variable before a class, as javac reads it
            : elsewhere(FileScopes.declaringClass(method, id), FileScopes.declaringClass(caller, id));
        home.ifPresentOrElse(t -> n.replace(SourceRewrites.allAt(new FieldAccessExpr(FileScopes.nameOf(t, caller), id), n)),
            () -> free.add(id));
      }
    }
    for (MethodCallExpr c : body.findAll(MethodCallExpr.class, c -> c.getScope().isEmpty())) {
      String name = c.getNameAsString();
      elsewhere(FileScopes.declaringMethod(method, name), FileScopes.declaringMethod(caller, name))
          .ifPresent(t -> c.setScope(SourceRewrites.allAt(FileScopes.nameOf(t, caller), c)));
    }
    return body.getStatements();
  }

  /**
   * The class a name of the method's body means, where the caller's would mean another: a method
   * of another class reads its own class's fields and calls its own methods, which the body
   * written in the caller names through that class ({@code Losses.EPS}, {@code Losses.sq(r)}).
   */
  private static Optional<TypeDeclaration<?>> elsewhere(Optional<TypeDeclaration<?>> method,
      Optional<TypeDeclaration<?>> caller) {
    return method.filter(t -> caller.filter(c -> c == t).isEmpty());
  }

  /**
   * A helper object's method's own members read on the object: {@code this.f} and its instance
   * methods ({@code score(x)}, {@code this.score(x)}) on the receiver, {@code this} passed on as it.
   */
  private void onObject(BlockStmt body, TypeDeclaration<?> object) {
    // All found before any is changed: the receiver put in may hold a this of the caller's (this.model).
    List<MethodCallExpr> calls = body.findAll(MethodCallExpr.class, c -> (c.getScope().isEmpty()
        || c.getScope().get() instanceof ThisExpr) && object.getMethodsByName(c.getNameAsString()).stream().anyMatch(m -> !m.isStatic()));
    List<FieldAccessExpr> fields = body.findAll(FieldAccessExpr.class, f -> f.getScope() instanceof ThisExpr);
    List<ThisExpr> passed = body.findAll(ThisExpr.class, RecordMethodBodies::passed);
    for (MethodCallExpr c : calls) {
      c.setScope(SourceRewrites.allAt(receiver.clone(), c));
      c.setData(RecordCallSites.OWN_CALL, true);
    }
    fields.forEach(f -> f.setScope(SourceRewrites.allAt(receiver.clone(), f)));
    passed.forEach(t -> t.replace(SourceRewrites.allAt(receiver.clone(), t)));
  }

  /** After {@link #statements}: the new name of each of the body's locals, by its own. */
  Map<String, String> renamed() {
    return renamed;
  }

  /** After {@link #statements}: the names the body reads as the classes around it declare them. */
  Set<String> free() {
    return free;
  }

  /** A call of the record's own: a component's accessor read on the receiver, an instance method called on it, a static one through the record. */
  private void onReceiver(MethodCallExpr c) {
    String name = c.getNameAsString();
    if (c.getArguments().isEmpty() && RecordTypes.component(record, name).isPresent()) {
      c.replace(member(name, c));
    } else if (record.getMethodsByName(name).stream().anyMatch(m -> !m.isStatic())) {
      c.setScope(SourceRewrites.allAt(receiver.clone(), c));
    } else if (!record.getMethodsByName(name).isEmpty()) {
      c.setScope(SourceRewrites.at(new NameExpr(record.getNameAsString()), c));
    }
  }

  /** {@code name} of the record read where {@code at} is: a component on the receiver, a static field through the record. */
  private Expression member(String name, Node at) {
    if (RecordTypes.component(record, name).isPresent()) {
      return SourceRewrites.allAt(new MethodCallExpr(receiver.clone(), name), at);
    }
    return SourceRewrites.allAt(new FieldAccessExpr(new NameExpr(record.getNameAsString()), name), at);
  }

  private boolean staticField(String name) {
    return record.getFields().stream().filter(FieldDeclaration::isStatic)
        .anyMatch(f -> f.getVariables().stream().anyMatch(v -> v.getNameAsString().equals(name)));
  }
}
