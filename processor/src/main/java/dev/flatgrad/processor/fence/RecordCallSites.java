package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The calls of a method that {@link RecordMethods} writes where they are called: a record of
 * parameters' own method, and a method the record is passed to; and the one method each calls.
 */
final class RecordCallSites {

  /** A call on (or given) a local that may stay an object, which could not be written in place: left as it is. */
  static final DataKey<Boolean> LEFT = new DataKey<>() {};

  /** A helper object's call of its own method, in a method of it written in place: written in place in turn. */
  static final DataKey<Boolean> OWN_CALL = new DataKey<>() {};

  private final MethodDeclaration caller;

  RecordCallSites(MethodDeclaration caller) {
    this.caller = caller;
  }

  /**
   * A call {@code receiver.method(args)} of a record's instance method, of a helper object's given a
   * record (no {@code record}), or (with neither {@code receiver} nor {@code record}) a call of a
   * method of the caller's class passed a record. It is
   * {@code optional} where the record is no record of parameters but a local {@link RecordLocals}
   * may split: where it cannot be written in place, it is left, and the local stays an object.
   */
  record Site(MethodCallExpr call, Expression receiver, RecordDeclaration record, MethodDeclaration method,
      boolean optional) {

    /** Why the call is written in place, as messages say it. */
    String why() {
      if (record == null && receiver == null && ArrayWritingHelpers.writesParameter(method)) {
        return "writes into an array it is given, and flatgrad writes such a method where it is called";
      }
      return (record != null ? "calls a method of " + record.getNameAsString() + ", a record"
          : "passes a record to `" + method.getNameAsString() + "`, a record")
          + " differentiated component by component, and flatgrad writes such a call's method where it is called";
    }
  }

  /** The first call to write in place whose arguments call none: innermost first. */
  Optional<Site> next() {
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
    if (c.containsData(RecordMethods.NOT_INLINED) || c.containsData(LEFT)) {
      return Optional.empty();
    }
    return c.getScope().filter(x -> !(x instanceof ThisExpr) && !namesAClass(x)).isPresent() ? onRecord(c)
        : passingRecord(c);
  }

  /** Whether {@code scope} names a class ({@code Losses}, {@code Model.Losses}, {@code java.util.Arrays}), not a value. */
  private boolean namesAClass(Expression scope) {
    Expression first = scope;
    while (first instanceof FieldAccessExpr f) {
      first = f.getScope();
    }
    return first instanceof NameExpr n && isDottedName(scope)
        && !SourceRewrites.variablesOf(caller).contains(n.getNameAsString())
        && FileScopes.declaringField(caller, n.getNameAsString()).isEmpty();
  }

  private static boolean isDottedName(Expression e) {
    return e instanceof NameExpr || e instanceof FieldAccessExpr f && isDottedName(f.getScope());
  }

  /**
   * A static call ({@code loss(p, x)}, {@code Losses.mse(p, x)}) of a method of the file passing a
   * record the caller differentiates component by component: the callee's gradient would be one
   * of the record, which a caller's backward pass cannot take apart yet, so its body is written
   * where it is called. A method of another file, whose body flatgrad does not read, is an error.
   */
  private Optional<Site> passingRecord(MethodCallExpr c) {
    Optional<Expression> record = c.getArguments().stream().filter(this::differentiated).findFirst();
    boolean optional = record.isEmpty();
    Optional<TypeDeclaration<?>> owner = ImplicitHelpers.ownerOf(caller, c);
    List<MethodDeclaration> overloads = ImplicitHelpers.overloadsCalled(caller, c).stream()
        .filter(m -> m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size()).toList();
    if (optional && overloads.stream().anyMatch(ArrayWritingHelpers::writesParameter)) {
      return writingArrays(c, overloads);
    }
    if (optional && (owner.isEmpty() || c.getArguments().stream().noneMatch(this::splittable) && !makesRecord(c, owner.get()))) {
      return Optional.empty();
    }
    if (owner.isEmpty()) {
      c.setData(RecordMethods.NOT_INLINED, notInTheFile(c, record.get()));
      return Optional.empty();
    }
    List<MethodDeclaration> methods = owner.get().getMethodsByName(c.getNameAsString()).stream()
        .filter(m -> m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size()).toList();
    return one(c, methods, optional).map(m -> new Site(c, null, null, m, optional));
  }

  /**
   * A call of a method of the file that writes into an array it is given ({@link
   * ArrayWritingHelpers}): written in place, so that what it writes is the caller's array. One whose
   * result is used and that writes only arrays of data ({@code int[]}, {@code boolean[]}) is left as
   * it is where it cannot be: flatgrad took such a call as a constant before.
   */
  private Optional<Site> writingArrays(MethodCallExpr c, List<MethodDeclaration> methods) {
    boolean optional = !CallHosts.discards(c) && methods.stream().noneMatch(ArrayWritingHelpers::writesNumbers);
    if (methods.size() > 1 && optional) {
      c.setData(LEFT, true);
    } else if (methods.size() > 1) {
      c.setData(RecordMethods.NOT_INLINED, "`" + c + "` writes into an array it is given, and flatgrad writes such"
          + " a method where it is called, choosing it by its name and number of arguments: `" + c.getNameAsString()
          + "` has " + methods.size() + " overloads the arguments may call; give them different names");
    }
    if (methods.size() != 1) {
      return Optional.empty();
    }
    MethodDeclaration m = methods.get(0);
    Optional<String> why = ArrayWritingHelpers.recursive(m)
        ? Optional.of("`" + m.getNameAsString() + "` calls itself, which flatgrad cannot write where it is called; write"
            + " the recursion as a loop")
        : ArrayWritingHelpers.writtenParameters(m).stream().map(c::getArgument).flatMap(a -> notLocal(a).stream())
            .findFirst();
    if (why.isPresent() && !optional) {
      c.setData(RecordMethods.NOT_INLINED, "`" + c + "` writes into an array it is given, and flatgrad writes such a"
          + " method where it is called: " + why.get());
    }
    return why.isPresent() ? Optional.empty() : Optional.of(new Site(c, null, null, m, optional));
  }

  /**
   * Why the caller may not write the array {@code arg} (or the row of one) a helper writes into: it
   * is the caller's parameter or a field, not a local array.
   */
  private Optional<String> notLocal(Expression arg) {
    Expression e = ArrayWritingHelpers.arrayRoot(arg);
    if (e instanceof NameExpr n && caller.getParameterByName(n.getNameAsString()).isPresent()) {
      return Optional.of("it writes into `" + n + "`, a parameter of " + caller.getNameAsString()
          + ", and generated code never changes its inputs: pass it a copy (" + n + ".clone())");
    }
    if (e instanceof FieldAccessExpr || e instanceof NameExpr n && !SourceRewrites.variablesOf(caller).contains(n.getNameAsString())) {
      return Optional.of("it writes into `" + e + "`, a field, and a @Differentiable method must not change state:"
          + " give it a local array (new double[n], or a copy)");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code c} calls a method of {@code owner} that returns a record whose locals {@link
   * RecordLocals} may split ({@code Point.polar(r, th)}): written in place, what it makes is
   * written as components too.
   */
  private static boolean makesRecord(MethodCallExpr c, TypeDeclaration<?> owner) {
    List<MethodDeclaration> methods = owner.getMethodsByName(c.getNameAsString()).stream()
        .filter(m -> m.getParameters().size() == c.getArguments().size()).toList();
    return methods.size() == 1 && methods.get(0).isStatic() && methods.get(0).getBody().isPresent()
        && RecordLocals.returnsPlainRecord(methods.get(0));
  }

  /** The error on a call passing a record to a method flatgrad cannot read, naming what to do instead. */
  private String notInTheFile(MethodCallExpr c, Expression record) {
    RecordDeclaration type = RecordTypes.of(record, caller).orElseThrow();
    String where = c.getScope().map(s -> "`" + s + "` is not a class of this file").orElse("`"
        + c.getNameAsString() + "` is not declared in this file");
    String components = type.getParameters().stream()
        .map(p -> record + "." + p.getNameAsString() + "()").collect(Collectors.joining(", "));
    return "`" + c + "` passes `" + record + "`, a " + type.getNameAsString() + " differentiated component by"
        + " component, to `" + c.getNameAsString() + "`, whose body flatgrad does not read: " + where
        + " (flatgrad reads the @Differentiable method's own file, and writes a method given such a record where"
        + " it is called). A method of yours: move it into this file; a library's: pass it the components it needs ("
        + components + ")";
  }

  /**
   * The one method of {@code methods} (those of the call's name and number of arguments); where
   * there are more, the call is marked: flatgrad picks the method to write in place by its name and
   * number of arguments, not their types.
   */
  private static Optional<MethodDeclaration> one(MethodCallExpr c, List<MethodDeclaration> methods, boolean optional) {
    if (methods.size() > 1 && optional) {
      c.setData(LEFT, true);
    } else if (methods.size() > 1) {
      c.setData(RecordMethods.NOT_INLINED, "`" + c + "` is given a record differentiated component by component, and flatgrad"
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

  /**
   * A call of an instance method of a helper object of the file's classes ({@code model.predict(p,
   * x)}) given a record: written in place as a method of the caller's class is, its fields and
   * methods read on the object.
   */
  private Optional<Site> onObject(MethodCallExpr c, Expression receiver) {
    boolean optional = c.getArguments().stream().noneMatch(this::differentiated);
    boolean numbers = optional && c.getArguments().stream().noneMatch(this::splittable) && !c.containsData(OWN_CALL);
    if (numbers && !givenVariables(c)) {
      return Optional.empty();
    }
    List<MethodDeclaration> methods = HelperObjects.classOf(receiver, caller).stream()
        .flatMap(t -> t.getMethodsByName(c.getNameAsString()).stream())
        .filter(m -> !m.isStatic() && m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size())
        .toList();
    if (numbers && (methods.size() != 1 || !takesInPlace(methods.get(0), receiver))) {
      return Optional.empty();
    }
    return one(c, methods, optional).map(m -> new Site(c, receiver, null, m, optional));
  }

  /**
   * Whether {@code c} is given a variable of the caller's, which may be differentiated: a helper
   * object's method given only numbers ({@code model.predict(x)}) is written in place as if given a
   * record, so that the gradient reaches {@code x} through it.
   */
  private boolean givenVariables(MethodCallExpr c) {
    Set<String> variables = SourceRewrites.variablesOf(caller);
    return c.getArguments().stream().anyMatch(a -> !a.findAll(NameExpr.class, n -> variables.contains(n.getNameAsString())).isEmpty());
  }

  /**
   * Whether {@code m}, a method given only numbers, can be written where it is called on {@code
   * receiver}: no subclass's method runs instead (otherwise the call stays, and is the checks' error
   * if a gradient must pass it) and the fence takes its body as it is.
   */
  private boolean takesInPlace(MethodDeclaration m, Expression receiver) {
    return (m.getParentNode().orElse(null) instanceof RecordDeclaration
        || HelperObjects.whyNotExact(receiver, (ClassOrInterfaceDeclaration) m.getParentNode().orElseThrow(), m, caller).isEmpty())
        && Fence.takesBody(m);
  }

  private boolean splittable(Expression e) {
    return RecordLocals.splittable(e, caller);
  }

  private Optional<Site> onRecord(MethodCallExpr c) {
    Expression receiver = c.getScope().get();
    Optional<RecordDeclaration> record = RecordTypes.of(receiver, caller);
    if (record.isEmpty()) {
      return onObject(c, receiver);
    }
    boolean optional = !differentiated(receiver) && c.getArguments().stream().noneMatch(this::differentiated);
    boolean numbers = optional && !splittable(receiver) && c.getArguments().stream().noneMatch(this::splittable);
    if (numbers && !givenVariables(c)) {
      return Optional.empty(); // a record of settings: its methods are called as they are, but given a record of parameters or numbers
    }
    List<MethodDeclaration> methods = record.get().getMethodsByName(c.getNameAsString()).stream()
        .filter(m -> !m.isStatic() && m.getBody().isPresent() && m.getParameters().size() == c.getArguments().size())
        .toList();
    if (c.getArguments().isEmpty() && RecordTypes.component(record.get(), c.getNameAsString()).isPresent()
        || numbers && (methods.size() != 1 || !takesInPlace(methods.get(0), receiver))) {
      return Optional.empty(); // an accessor (one that is no plain read is the signature's error)
    }
    return one(c, methods, optional).map(m -> new Site(c, receiver, record.get(), m, optional));
  }
}
