package dev.flatgrad.processor.rules;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Pattern;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.CallResolver;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Expressions;
import dev.flatgrad.processor.lower.Library;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adjoint rules, one per operation, read from the template classes in {@code
 * rules/templates} (compiled with the processor, so javac checks them, and shipped as source
 * text). Adding an operation means adding one template method and its test, nowhere else.
 */
public final class RuleRegistry {

  private static final class Holder {
    static final RuleRegistry INSTANCE = load();
  }

  /**
   * One template method's signature, before its body is read: the class its operation belongs to
   * (null for an operator or a gate), {@code hasRule} for @Rule.
   */
  private record Signature(
      MethodDeclaration method, String op, ClassRef owner, List<Variable> params, int outIndex, boolean hasRule) {}

  private final Map<String, AdjointRule> rules = new LinkedHashMap<>();
  private final Map<String, List<String>> paramNames = new HashMap<>();
  private final Map<String, List<Callee>> callees = new HashMap<>();
  private final List<GatePattern> gatePatterns = new ArrayList<>();

  private RuleRegistry() {}

  /** The registry, loaded once. */
  public static RuleRegistry get() {
    return Holder.INSTANCE;
  }

  /** The rule of an operator ({@code + - * / % neg}) on doubles. */
  public AdjointRule operator(String symbol) {
    String arity = symbol.equals("neg") ? "(double)" : "(double,double)";
    AdjointRule rule = rules.get(symbol + arity);
    if (rule == null) {
      throw new IllegalStateException("no rule for operator " + symbol);
    }
    return rule;
  }

  /** The rule of a Math or Nd function, if it has one. */
  public Optional<AdjointRule> rule(Callee callee) {
    return Optional.ofNullable(rules.get(callee.key()));
  }

  /** Every adjoint rule, operators, gates and functions alike. */
  public java.util.Collection<AdjointRule> all() {
    return java.util.Collections.unmodifiableCollection(rules.values());
  }

  /** The overloads of a Math or Nd function flatgrad knows. */
  public List<Callee> overloads(ClassRef owner, String name) {
    return callees.getOrDefault(owner.simpleName() + "." + name, List.of());
  }

  /** The names of the functions of a class flatgrad knows, for error messages. */
  public List<String> functionNames(ClassRef owner) {
    String prefix = owner.simpleName() + ".";
    return callees.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length()))
        .sorted()
        .distinct()
        .toList();
  }

  /** The rule of a gate, e.g. {@code sigmoid}, for inputs of these types. */
  public Optional<AdjointRule> gate(String name, List<Type> inputTypes) {
    return Optional.ofNullable(rules.get("Gate." + name
        + inputTypes.stream().map(Type::toString).collect(java.util.stream.Collectors.joining(",", "(", ")"))));
  }

  /** The shapes of the gates in users' code, in the order {@code GatePatterns} declares them. */
  public List<GatePattern> gatePatterns() {
    return java.util.Collections.unmodifiableList(gatePatterns);
  }

  /** Resolves calls to Math and Nd functions against the templates' signatures. */
  public Library calls() {
    return new Library() {
      @Override
      public Callee resolve(ClassRef owner, String name, List<Type> argTypes, Pos pos) {
        if (owner == null) {
          throw new Problem(pos, Tag.UNKNOWN_CALL, "unknown function " + name);
        }
        List<Callee> overloads = overloads(owner, name);
        String function = owner.simpleName() + "." + name;
        if (overloads.isEmpty() && name.equals("random")) {
          throw new Problem(pos, Tag.UNKNOWN_CALL, function + "() is not supported: a"
              + " @Differentiable method must be a pure function; draw the random numbers in the"
              + " caller and pass them in as a parameter");
        }
        if (overloads.isEmpty()) {
          throw new Problem(pos, Tag.UNKNOWN_CALL, "flatgrad has no rule for " + function
              + ": write it with the functions it knows, or put it in a method with a"
              + " @CustomGradient");
        }
        return CallResolver.mostSpecific(overloads, argTypes)
            .orElseThrow(() -> new Problem(pos, Tag.UNKNOWN_CALL,
                "no " + function + " takes " + CallResolver.signature(argTypes) + ": it takes "
                    + overloads.stream().map(c -> CallResolver.signature(c.params()))
                        .distinct().collect(java.util.stream.Collectors.joining(" or "))));
      }

      @Override
      public boolean hasMethod(ClassRef owner, String name) {
        return !overloads(owner, name).isEmpty();
      }

      @Override
      public List<Callee> overloads(ClassRef owner, String name) {
        return RuleRegistry.this.overloads(owner, name);
      }
    };
  }

  private static RuleRegistry load() {
    RuleRegistry registry = new RuleRegistry();
    List<Signature> signatures = new ArrayList<>();
    List<MethodDeclaration> patterns = new ArrayList<>();
    for (Templates.Template template : Templates.all()) {
      for (MethodDeclaration m : template.unit().findAll(MethodDeclaration.class)) {
        m.getAnnotationByName("Rule").ifPresent(a -> signatures.add(signature(m, a, template, true)));
        m.getAnnotationByName("Signature").ifPresent(a -> signatures.add(signature(m, a, template, false)));
        m.getAnnotationByName("Gate").ifPresent(a -> patterns.add(m));
      }
    }
    for (Signature s : signatures) {
      registry.register(s);
    }
    CallResolver calls = registry.calls();
    ClassContext context = ClassContext.detached(new ClassRef("", "Template"));
    for (Signature s : signatures) {
      if (s.hasRule()) {
        AdjointRule rule = body(s, context, calls);
        registry.rules.put(rule.key(), rule);
      }
    }
    for (MethodDeclaration m : patterns) {
      registry.gatePatterns.add(pattern(m, context, calls));
    }
    return registry;
  }

  private static GatePattern pattern(MethodDeclaration m, ClassContext context, CallResolver calls) {
    String gate = m.getAnnotationByName("Gate").flatMap(a -> a.findFirst(StringLiteralExpr.class))
        .map(StringLiteralExpr::getValue).orElseThrow(() -> bad("GatePatterns", m, "@Gate needs the gate's name"));
    Map<String, Variable> names = new LinkedHashMap<>();
    for (Parameter p : m.getParameters()) {
      Type t = Templates.typeOf(p).orElseThrow(() -> bad("GatePatterns", m, "unsupported parameter type " + p.getType()));
      names.put(p.getNameAsString(), Variable.temp(p.getNameAsString(), t));
    }
    List<Statement> body = m.getBody().orElseThrow().getStatements();
    if (body.size() != 1 || !(body.get(0) instanceof ReturnStmt ret) || ret.getExpression().isEmpty()) {
      throw bad("GatePatterns", m, "a gate pattern's body is one return of the expression the gate stands for");
    }
    Expr shape = Expressions.lower(ret.getExpression().get(), names, context, calls);
    return new GatePattern(gate, new Pattern(shape, List.copyOf(names.values())));
  }

  private static Signature signature(MethodDeclaration m, com.github.javaparser.ast.expr.AnnotationExpr a,
      Templates.Template source, boolean hasRule) {
    String template = source.file();
    String op =
        a.findFirst(StringLiteralExpr.class)
            .map(StringLiteralExpr::getValue)
            .orElseThrow(() -> bad(template, m, "@Rule needs the operation's name"));
    int dot = op.indexOf('.');
    ClassRef owner = dot < 0 || op.startsWith("Gate.") ? null : source.owner(op.substring(0, dot));
    List<Variable> params = new ArrayList<>();
    int outIndex = -1;
    for (Parameter p : m.getParameters()) {
      Type t = Templates.typeOf(p).orElseThrow(() -> bad(template, m, "unsupported parameter type " + p.getType()));
      params.add(Variable.temp(p.getNameAsString(), t));
      if (p.getNameAsString().equals("out")) {
        outIndex = params.size() - 1;
      }
    }
    if (outIndex < 0) {
      throw bad(template, m, "a rule needs an `out` parameter after its inputs");
    }
    return new Signature(m, op, owner, params, outIndex, hasRule);
  }

  private void register(Signature s) {
    ClassRef owner = s.owner();
    if (owner == null) {
      return;
    }
    if (!owner.equals(ClassRef.MATH) && !owner.equals(ClassRef.ND)) {
      throw new IllegalStateException("a rule of " + s.op() + ": flatgrad calls functions of Math and Nd only");
    }
    Callee callee =
        new Callee(
            owner,
            s.op().substring(s.op().indexOf('.') + 1),
            s.params().subList(0, s.outIndex()).stream().map(Variable::type).toList(),
            s.params().get(s.outIndex()).type(),
            owner.equals(ClassRef.MATH) ? Callee.Kind.MATH : Callee.Kind.ND);
    callees.computeIfAbsent(s.op(), k -> new ArrayList<>()).add(callee);
    paramNames.put(callee.key(), s.params().subList(0, s.outIndex()).stream().map(Variable::hint).toList());
  }

  /**
   * Whether argument {@code index} of the function is read only for its shape (a parameter named
   * {@code like}, as in {@code Nd.sumBackward(dout, like)}): any array of that shape will do.
   */
  public boolean isShapeOnly(Callee callee, int index) {
    List<String> names = paramNames.get(callee.key());
    return names != null && index < names.size() && names.get(index).equals("like");
  }

  private static AdjointRule body(Signature s, ClassContext context, CallResolver calls) {
    MethodDeclaration m = s.method();
    List<Variable> inputs = s.params().subList(0, s.outIndex());
    Variable out = s.params().get(s.outIndex());
    List<Variable> rest = s.params().subList(s.outIndex() + 1, s.params().size());
    String key =
        s.op()
            + inputs.stream().map(v -> v.type().toString()).collect(java.util.stream.Collectors.joining(",", "(", ")"));
    if (rest.isEmpty()) {
      if (!m.getBody().orElseThrow().getStatements().isEmpty()) {
        throw bad("", m, "a rule without dout must have an empty body");
      }
      return new AdjointRule(key, inputs, out, null, List.of(), Map.of());
    }
    Variable dout = rest.get(0);
    if (!dout.hint().equals("dout") || !dout.type().equals(out.type())) {
      throw bad("", m, "the parameter after out must be `dout` of out's type");
    }
    Map<String, Variable> names = new LinkedHashMap<>();
    Map<String, Variable> adjointOf = new HashMap<>();
    for (Variable v : s.params()) {
      names.put(v.hint(), v);
    }
    for (Variable adjoint : rest.subList(1, rest.size())) {
      Variable input =
          inputs.stream()
              .filter(i -> ("d" + i.hint()).equals(adjoint.hint()))
              .findFirst()
              .orElseThrow(() -> bad("", m, "adjoint parameter " + adjoint.hint() + " names no input"));
      if (!input.type().equals(adjoint.type()) || !input.type().isDifferentiable()) {
        throw bad("", m, adjoint.hint() + " must have the type of " + input.hint());
      }
      adjointOf.put(adjoint.hint(), input);
      names.remove(adjoint.hint());
    }
    List<Stmt.Assign> locals = new ArrayList<>();
    Map<Variable, Expr> contributions = new LinkedHashMap<>();
    for (Statement st : m.getBody().orElseThrow().getStatements()) {
      if (!(st instanceof ExpressionStmt es)) {
        throw bad("", m, "a rule body holds only declarations and d<input> = ... assignments");
      }
      if (es.getExpression() instanceof VariableDeclarationExpr decl) {
        for (var v : decl.getVariables()) {
          Expr value = Expressions.lower(v.getInitializer().orElseThrow(), names, context, calls);
          Variable local = Variable.temp(v.getNameAsString(), value.type());
          names.put(local.hint(), local);
          locals.add(new Stmt.Assign(local, null, value, true, Pos.NONE));
        }
      } else if (es.getExpression() instanceof AssignExpr assign
          && assign.getOperator() == AssignExpr.Operator.ASSIGN
          && adjointOf.containsKey(assign.getTarget().toString())) {
        Variable input = adjointOf.get(assign.getTarget().toString());
        Expr value = Expressions.lower(assign.getValue(), names, context, calls);
        if (!value.type().equals(input.type())) {
          throw bad("", m, assign.getTarget() + " gets a " + value.type() + ", not a " + input.type());
        }
        // Later statements may read this share (the quotient rule's db reads da): a local then.
        Variable share = Variable.temp(assign.getTarget().toString(), value.type());
        names.put(share.hint(), share);
        locals.add(new Stmt.Assign(share, null, value, true, Pos.NONE));
        contributions.put(input, new Expr.Ref(share));
      } else {
        throw bad("", m, "unexpected statement " + st);
      }
    }
    inlineUnreadShares(locals, contributions);
    return new AdjointRule(key, inputs, out, dout, locals, contributions);
  }

  /** A share no other statement reads is the contribution itself, not a local. */
  private static void inlineUnreadShares(List<Stmt.Assign> locals, Map<Variable, Expr> contributions) {
    for (Map.Entry<Variable, Expr> e : contributions.entrySet()) {
      Variable share = ((Expr.Ref) e.getValue()).var();
      boolean read = locals.stream().anyMatch(l -> Exprs.reads(l.value(), share))
          || contributions.values().stream().anyMatch(c -> c != e.getValue() && Exprs.reads(c, share));
      if (!read) {
        Stmt.Assign local = locals.stream().filter(l -> l.target() == share).findFirst().orElseThrow();
        locals.remove(local);
        e.setValue(local.value());
      }
    }
  }

  private static IllegalStateException bad(String template, MethodDeclaration m, String why) {
    return new IllegalStateException(
        "bad rule template " + template + " " + m.getNameAsString() + ": " + why);
  }
}
