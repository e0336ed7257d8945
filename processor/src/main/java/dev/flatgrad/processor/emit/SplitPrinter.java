package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.Naming;
import dev.flatgrad.processor.reverse.ForwardSweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * Prints the body of a generated method (a gradient, a tangent, an H·v), in one place: in one
 * piece, or, where it is too long for one method, cut by a {@link MethodSplit}: the method itself
 * makes the state object, calls the parts in order and returns the record; each part loads what it
 * reads from the state, runs its statements as they would have run in one method, and stores what
 * others read. The state class and the parts are added to the generated class.
 */
final class SplitPrinter {
  private final MethodSplit split;
  private final Naming naming;
  private final JavaPrinter printer;
  private final ClassRef generated;
  private final ClassName stateClass;
  private final Variable stateVar;
  private final String state;
  private final Map<Variable, String> fields = new LinkedHashMap<>();
  private final Map<MethodSplit.Part, String> names = new HashMap<>();

  /**
   * What a generated method's body holds: the forward pass, the backward pass (empty for a tangent),
   * and the values its record is made of.
   */
  record Body(String method, List<Variable> params, List<Stmt> forward, List<Stmt> backward, List<Expr> results) {}

  /**
   * The comments over the passes: over the calls of the parts where the body is cut, and where it
   * is printed in one piece too if {@code whole}.
   */
  record Notes(String forward, String backward, boolean whole) {}

  /**
   * Prints a generated method's body into {@code code}, returning {@code record(results)}: in one
   * piece, or, if that is too long for one method ({@link MethodSplit#needed}), as calls of the
   * parts it is cut into, which are returned for the caller to add to the class (the state class is
   * added to {@code type} here).
   */
  static List<MethodSpec> print(CodeBlock.Builder code, Body body, Notes notes, ClassName record, Naming naming,
      JavaPrinter printer, TypeSpec.Builder type, ClassRef generated, UnaryOperator<String> partName) {
    if (MethodSplit.needed(body.forward(), body.backward())) {
      MethodSplit split = MethodSplit.of(body.method(), body.params(), body.forward(), body.backward(), body.results());
      return new SplitPrinter(split, naming, printer, record.simpleName(), type, generated, partName)
          .print(code, record, body.results(), notes.forward(), notes.backward());
    }
    passes(code, printer, body.forward(), body.backward(), notes);
    code.addStatement("return new $T($L)", record,
        body.results().stream().map(printer::expr).collect(CodeBlock.joining(", ")));
    return List.of();
  }

  /** The two passes in one piece, each under its note if {@code notes.whole()}. */
  static void passes(CodeBlock.Builder code, JavaPrinter printer, List<Stmt> forward, List<Stmt> backward,
      Notes notes) {
    if (notes.whole()) {
      code.add("// $L\n", notes.forward());
    }
    printer.stmts(forward, code);
    if (notes.whole()) {
      code.add("// $L\n", notes.backward());
    }
    printer.stmts(backward, code);
  }

  /**
   * @param recordName the record the method returns; its state class is named after it
   * @param type the generated class, which receives the state class
   * @param partName a name for an added method or class, unlike any other of the generated class
   */
  private SplitPrinter(MethodSplit split, Naming naming, JavaPrinter printer, String recordName, TypeSpec.Builder type,
      ClassRef generated, UnaryOperator<String> partName) {
    this.split = split;
    this.naming = naming;
    this.printer = printer;
    this.generated = generated;
    String stateName = partName.apply(recordName + "State");
    ClassRef stateRef = new ClassRef(generated.packageName(), generated.simpleName() + "." + stateName);
    this.stateClass = JavaPrinter.className(stateRef);
    this.stateVar = Variable.temp("state", Type.of(stateRef));
    this.state = naming.of(stateVar);
    Set<String> taken = new HashSet<>();
    TypeSpec.Builder stateType = TypeSpec.classBuilder(stateName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("What the parts of {@code $L} leave for one another.\n", stateName.substring(0, stateName.length() - 5));
    for (Variable v : split.shared) {
      String field = naming.of(v);
      for (int k = 2; !taken.add(field); k++) {
        field = naming.of(v) + "_" + k;
      }
      fields.put(v, field);
      stateType.addField(printer.declaredType(v), field);
    }
    type.addType(stateType.build());
    for (MethodSplit.Part part : split.parts()) {
      names.put(part, partName.apply(part.name));
    }
    Map<List<Stmt>, CodeBlock> calls = new IdentityHashMap<>();
    split.outlined.forEach((block, outlined) -> calls.put(block, blockCalls(outlined)));
    printer.replace(calls);
  }

  /**
   * Prints the method's body into {@code code}, each pass under its comment ({@code
   * backwardNote} is left out where there is no backward pass), and returns the parts.
   */
  private List<MethodSpec> print(CodeBlock.Builder code, ClassName record, List<Expr> results, String forwardNote,
      String backwardNote) {
    code.addStatement("$T $L = new $T()", stateClass, state, stateClass);
    for (Variable p : split.shared) {
      if (split.methodParams.contains(p)) {
        code.addStatement("$L.$L = $L", state, fields.get(p), naming.of(p));
      }
    }
    code.add("// $L\n", forwardNote);
    split.forward.forEach(p -> code.addStatement("$L", call(p)));
    if (!split.backward.isEmpty()) {
      code.add("// $L\n", backwardNote);
      split.backward.forEach(p -> code.addStatement("$L", call(p)));
    }
    code.addStatement("return new $T($L)", record,
        results.stream().map(e -> printer.expr(fromState(e))).collect(CodeBlock.joining(", ")));
    List<MethodSpec> methods = new ArrayList<>();
    for (MethodSplit.Part part : split.parts()) {
      methods.add(method(part));
    }
    return methods;
  }

  private CodeBlock call(MethodSplit.Part part) {
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("$L", state));
    part.params.forEach(p -> args.add(CodeBlock.of("$L", naming.of(p))));
    return CodeBlock.of("$L($L)", names.get(part), CodeBlock.join(args, ", "));
  }

  /** {@code e} reading the shared values from the state object. */
  private Expr fromState(Expr e) {
    Expr target = new Expr.Ref(stateVar);
    return Exprs.rewrite(e, x -> x instanceof Expr.Ref r && fields.containsKey(r.var())
        ? new Expr.FieldRef(generated, fields.get(r.var()), r.var().type(), target) : x);
  }

  private MethodSpec method(MethodSplit.Part part) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(names.get(part))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(stateClass, state);
    part.params.forEach(p -> m.addParameter(JavaPrinter.typeName(p.type()), naming.of(p)));
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable v : part.loads) {
      code.addStatement("$T $L = $L.$L", printer.declaredType(v), naming.of(v), state, fields.get(v));
    }
    List<Stmt> body = new ArrayList<>();
    for (Stmt s : part.body) {
      // A value the part leaves for others must be assigned when it ends, even if not on every path.
      body.add(s instanceof Stmt.Declare d && part.stores.contains(d.target()) && d.target().kind() != Variable.Kind.STACK
          ? new Stmt.Assign(d.target(), null, ForwardSweep.defaultOf(d.target().type()), true, d.pos()) : s);
    }
    printer.stmts(body, code);
    for (Variable v : part.stores) {
      code.addStatement("$L.$L = $L", state, fields.get(v), naming.of(v));
    }
    return m.addCode(code.build()).build();
  }

  /** A block moved into parts: the caller's values they read go to the state, those they change come back. */
  private CodeBlock blockCalls(MethodSplit.Outlined block) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable v : block.before) {
      code.addStatement("$L.$L = $L", state, fields.get(v), naming.of(v));
    }
    block.parts.forEach(part -> code.addStatement("$L", call(part)));
    for (Variable v : block.after) {
      code.addStatement("$L = $L.$L", naming.of(v), state, fields.get(v));
    }
    return code.build();
  }
}
