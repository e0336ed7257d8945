package dev.flatgrad.processor.rules;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.CallResolver;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Expressions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tangent (forward-mode) rules, one per operation that has an adjoint rule, read from the
 * {@code @Tangent} methods of the template classes in {@code rules/templates} as the adjoint
 * rules are. A rule is found by its adjoint rule's key.
 */
public final class TangentRules {

  private static final class Holder {
    static final TangentRules INSTANCE = load();
  }

  private final Map<String, TangentRule> rules = new LinkedHashMap<>();
  private final CallResolver calls;

  private TangentRules(CallResolver calls) {
    this.calls = calls;
  }

  /** The rules, loaded once. */
  public static TangentRules get() {
    return Holder.INSTANCE;
  }

  /** The tangent rule of the operation whose adjoint rule is {@code adjoint}, if it has one. */
  public Optional<TangentRule> of(AdjointRule adjoint) {
    return Optional.ofNullable(rules.get(adjoint.key()));
  }

  /** Every tangent rule. */
  public Collection<TangentRule> all() {
    return Collections.unmodifiableCollection(rules.values());
  }

  /** Resolves the Nd functions the engine adds when it specialises a rule. */
  public CallResolver calls() {
    return calls;
  }

  private static TangentRules load() {
    CallResolver calls = RuleRegistry.get().calls();
    TangentRules registry = new TangentRules(calls);
    ClassContext context = ClassContext.detached(new ClassRef("", "Template"));
    for (Templates.Template t : Templates.all()) {
      String template = t.file();
      for (MethodDeclaration m : t.unit().findAll(MethodDeclaration.class)) {
        m.getAnnotationByName("Tangent").ifPresent(a -> {
          String op = a.findFirst(StringLiteralExpr.class).map(StringLiteralExpr::getValue)
              .orElseThrow(() -> bad(template, m, "@Tangent needs the operation's name"));
          TangentRule rule = parse(template, m, op, context, calls);
          if (registry.rules.put(rule.key(), rule) != null) {
            throw bad(template, m, "a second tangent rule for " + rule.key());
          }
        });
      }
    }
    return registry;
  }

  private static TangentRule parse(String template, MethodDeclaration m, String op, ClassContext context,
      CallResolver calls) {
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
      throw bad(template, m, "a tangent rule needs an `out` parameter after its inputs");
    }
    List<Variable> inputs = params.subList(0, outIndex);
    Variable out = params.get(outIndex);
    Map<String, Variable> names = new HashMap<>();
    params.forEach(v -> names.put(v.hint(), v));
    Map<Integer, Variable> tangents = new LinkedHashMap<>();
    for (Variable t : params.subList(outIndex + 1, params.size())) {
      int input = -1;
      for (int i = 0; i < inputs.size(); i++) {
        if (Hints.tangent(inputs.get(i).hint()).equals(t.hint())) {
          input = i;
        }
      }
      if (input < 0 || !inputs.get(input).type().equals(t.type()) || !t.type().isDifferentiable()) {
        throw bad(template, m, t.hint() + " must be the tangent <input>Dot of a differentiable input, of its type");
      }
      tangents.put(input, t);
    }
    List<Statement> body = m.getBody().orElseThrow().getStatements();
    if (body.size() != 1 || !(body.get(0) instanceof ReturnStmt ret) || ret.getExpression().isEmpty()) {
      throw bad(template, m, "a tangent rule's body is one return of the result's tangent");
    }
    Expr value = Expressions.lower(ret.getExpression().get(), names, context, calls);
    if (!value.type().equals(out.type())) {
      throw bad(template, m, "returns a " + value.type() + ", not the " + out.type() + " of out");
    }
    String key = op + inputs.stream().map(v -> v.type().toString()).collect(Collectors.joining(",", "(", ")"));
    return new TangentRule(key, inputs, out, tangents, value);
  }

  private static IllegalStateException bad(String template, MethodDeclaration m, String why) {
    return new IllegalStateException("bad tangent template " + template + " " + m.getNameAsString() + ": " + why);
  }
}
