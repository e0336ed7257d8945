package dev.flatgrad.processor.lower;

import static dev.flatgrad.processor.fence.Nodes.pos;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.RecordParameters;
import dev.flatgrad.processor.fence.SupportedTypes;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Unpacked;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A record parameter differentiated component by component, as lowering meets it: each component a
 * parameter of the engine's, named after the local the method reads it into where there is one
 * ({@code var W1 = p.W1();}, {@code double[] bias = p.b1();}), which then is that parameter; the
 * record itself is read only through its components.
 */
final class RecordUnpacking {

  private RecordUnpacking() {}

  /** {@code record} (parameter {@code declared} of {@code m}) unpacked into one variable per component. */
  static Unpacked of(Variable record, Parameter declared, MethodDeclaration m, ClassContext cls) {
    RecordDeclaration r = RecordParameters.recordOf(declared).orElseThrow();
    return unpack(record, r, aliases(m, declared.getNameAsString()), cls);
  }

  private static Unpacked unpack(Variable record, RecordDeclaration r, Map<String, String> aliases, ClassContext cls) {
    List<Unpacked.Part> parts = new ArrayList<>();
    for (Parameter c : r.getParameters()) {
      String name = c.getNameAsString();
      var type = cls.resolve(SupportedTypes.of(c.getType(), pos(c)));
      Optional<RecordDeclaration> nested = RecordParameters.unpackedRecordOf(c);
      if (nested.isPresent()) {
        parts.add(new Unpacked.Part(name, null, unpack(Variable.local(name, type), nested.get(), Map.of(), cls)));
      } else {
        parts.add(new Unpacked.Part(name, Variable.parameter(aliases.getOrDefault(name, name), type), null));
      }
    }
    return new Unpacked(record, parts);
  }

  /**
   * The local each component of {@code param} is read into, {@code var W1 = p.W1();} or {@code
   * double[] bias = p.b1}, where every such local of the component has one name and is never
   * assigned again: the component's variable takes its name.
   */
  private static Map<String, String> aliases(MethodDeclaration m, String param) {
    Set<String> assigned = dev.flatgrad.processor.fence.Nodes.assignedNames(m);
    Map<String, Set<String>> names = new HashMap<>();
    for (VariableDeclarator v : m.findAll(VariableDeclarator.class)) {
      componentRead(v.getInitializer().orElse(null), param)
          .ifPresent(c -> names.computeIfAbsent(c, k -> new HashSet<>()).add(v.getNameAsString()));
    }
    Map<String, String> out = new HashMap<>();
    names.forEach((component, locals) -> {
      if (locals.size() == 1 && !assigned.contains(locals.iterator().next())) {
        out.put(component, locals.iterator().next());
      }
    });
    return out;
  }

  /** The component {@code e} reads of the record named {@code param}: {@code p.W1()}, {@code p.W1}. */
  private static Optional<String> componentRead(Expression e, String param) {
    if (e instanceof MethodCallExpr c && c.getArguments().isEmpty()
        && c.getScope().filter(s -> s instanceof NameExpr n && n.getNameAsString().equals(param)).isPresent()) {
      return Optional.of(c.getNameAsString());
    }
    if (e instanceof FieldAccessExpr f && f.getScope() instanceof NameExpr n && n.getNameAsString().equals(param)) {
      return Optional.of(f.getNameAsString());
    }
    return Optional.empty();
  }

  /**
   * Every use of a record differentiated component by component other than a read of a component
   * (passed to a method, compared, assigned, a method of it called): its gradient could not reach
   * the components, so each is an error on its line.
   */
  static List<Problem> wholeRecordUses(List<Stmt> body, Map<Variable, Unpacked> records) {
    List<Problem> out = new ArrayList<>();
    for (Stmt s : body) {
      Stmts.walk(s, x -> {
        Variable written = Stmts.target(x);
        Optional<Variable> read = Stmts.ownExprs(x).stream().flatMap(e -> Exprs.reads(e).stream())
            .filter(records::containsKey).findFirst();
        Optional<Expr.Call> call = Stmts.ownExprs(x).stream().flatMap(e -> callsPassing(e, records.keySet()).stream())
            .findFirst();
        if (written != null && records.containsKey(written)) {
          out.add(problem(x, records.get(written), "assigned"));
        } else if (call.isPresent()) {
          Unpacked u = call.get().args().stream().filter(a -> a instanceof Expr.Ref r && records.containsKey(r.var()))
              .map(a -> records.get(((Expr.Ref) a).var())).findFirst().orElseThrow();
          out.add(passed(x, u, call.get()));
        } else if (read.isPresent()) {
          out.add(problem(x, records.get(read.get()), "used as a whole"));
        }
      });
    }
    return out;
  }

  /** The calls in {@code e} that pass one of {@code records} as an argument. */
  private static List<Expr.Call> callsPassing(Expr e, Set<Variable> records) {
    List<Expr.Call> out = new ArrayList<>();
    Exprs.walk(e, x -> {
      if (x instanceof Expr.Call c && c.args().stream().anyMatch(a -> a instanceof Expr.Ref r && records.contains(r.var()))) {
        out.add(c);
      }
    });
    return out;
  }

  private static Problem passed(Stmt s, Unpacked u, Expr.Call call) {
    String name = u.record().hint();
    String components = u.parts().stream().map(p -> name + "." + p.component() + "()")
        .collect(java.util.stream.Collectors.joining(", "));
    return new Problem(s.pos(), Tag.UNSUPPORTED, "`" + name + "`, a " + typeName(u)
        + " differentiated component by component, is passed to `" + call.callee().name() + "`, which flatgrad cannot"
        + " yet differentiate through with respect to a record: give `" + call.callee().name() + "` the components as"
        + " parameters and pass them (" + components + ")");
  }

  /** The record's name as the user writes it in its file: {@code Params}. */
  private static String typeName(Unpacked u) {
    String nested = u.type().simpleName();
    return nested.substring(nested.lastIndexOf('.') + 1);
  }

  private static Problem problem(Stmt s, Unpacked u, String how) {
    String name = u.record().hint();
    String component = u.parts().get(0).component();
    return new Problem(s.pos(), Tag.UNSUPPORTED, "`" + name + "`, a " + typeName(u)
        + " differentiated component by component, is " + how + " here, where no gradient can reach its components:"
        + " read them (" + name + "." + component + "(), or " + name + "." + component + ") and pass those on,"
        + " or name the other parameters in wrt to take `" + name + "` for settings");
  }
}
