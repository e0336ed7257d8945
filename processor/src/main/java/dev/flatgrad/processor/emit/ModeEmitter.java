package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.fence.Modes;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Unpacked;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.naming.Naming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Stage: emit, for the methods beside the gradient: {@code mTangent} (the tangent program) with
 * record {@code MTangent(value, valueDot)}, and {@code mHvp} (the tangent program reversed) with
 * record {@code MHvp(value, valueDot, d<param>..., d<param>Dot...)}.
 */
public final class ModeEmitter {

  /** The tangent method: its parameters (the method's, then the directions) and body. */
  public record TangentMethod(List<Variable> params, List<Stmt> body, Variable value, Variable valueDot) {}

  /**
   * The H·v method: parameters (the method's, the directions, {@code dout} for an array result),
   * its forward and backward code, and for each differentiated parameter the expressions of its
   * gradient and of its Hessian-vector product.
   */
  public record HvpMethod(
      List<Variable> params,
      List<Stmt> forward,
      List<Stmt> backward,
      Map<Variable, Expr> gradients,
      Map<Variable, Expr> products,
      Variable value,
      Variable valueDot,
      Variable seed,
      Set<Variable> active) {}

  /** What one method asked for beside its gradient; {@code hvp} is null without {@code hessian}. */
  public record Methods(IrMethod ir, String recordName, Modes modes, TangentMethod tangent, HvpMethod hvp) {
    public static final Methods NONE = new Methods(null, null, Modes.NONE, null, null);
  }

  /** The generated source of the methods, for reports; null where a method was not asked for. */
  public record Added(String tangentSource, String hvpSource) {
    public static final Added NONE = new Added(null, null);
  }

  private final ClassRef source;
  private final ClassRef generated;
  /** The name of the {@code VarHandle} through which a private field is read (see GradClassEmitter). */
  private final Function<Expr.FieldRef, String> fieldHandle;
  /** A name for a method or class added to cut a long method, unlike any other of the class. */
  private final UnaryOperator<String> partName;
  private final PrivateCalls calls;
  /** The simple names by which the methods' code refers to classes: no local is given one. */
  private final Set<String> classNames;

  ModeEmitter(ClassRef source, ClassRef generated, Function<Expr.FieldRef, String> fieldHandle,
      UnaryOperator<String> partName, PrivateCalls calls, Set<String> classNames) {
    this.classNames = Set.copyOf(classNames);
    this.source = source;
    this.calls = calls;
    this.generated = generated;
    this.fieldHandle = fieldHandle;
    this.partName = partName;
  }

  /**
   * Adds the methods and records of {@code m} to the generated class; {@code step} is the
   * difference step its {@code @CheckInputs} sets for the checks, if it sets one.
   */
  Added add(Methods m, TypeSpec.Builder type, OptionalDouble step) {
    if (!m.modes().hasTangent()) {
      return Added.NONE;
    }
    List<MethodSpec> tangentParts = new ArrayList<>();
    MethodSpec tangent = tangent(m, type, tangentParts);
    type.addMethod(tangent);
    tangentParts.forEach(type::addMethod);
    type.addMethod(checkTangent(m, step));
    type.addType(record(nested(m, GeneratedNames.TANGENT), "The value of {@code $L} and its directional derivative {@code valueDot}.\n",
        m.ir(), List.of(component(m.ir().returnType(), GeneratedNames.VALUE), component(m.ir().returnType(), GeneratedNames.VALUE_DOT))));
    String hvpSource = null;
    if (m.hvp() != null) {
      List<MethodSpec> hvpParts = new ArrayList<>();
      MethodSpec hvp = hvp(m, type, hvpParts);
      type.addMethod(hvp);
      hvpParts.forEach(type::addMethod);
      type.addMethod(checkHvp(m, step));
      hvpSource = source(hvp, hvpParts);
      List<Component> components = new ArrayList<>();
      components.add(component(m.ir().returnType(), GeneratedNames.VALUE));
      components.add(component(m.ir().returnType(), GeneratedNames.VALUE_DOT));
      var names = hvpNames(m.ir());
      for (Variable p : GradClassEmitter.wrtSlots(m.ir())) {
        components.add(component(p.type(), names.get(p.hint()).gradient()));
      }
      for (Variable p : GradClassEmitter.wrtSlots(m.ir())) {
        components.add(component(p.type(), names.get(p.hint()).product()));
      }
      type.addType(record(nested(m, GeneratedNames.HVP), "The value of {@code $L}, its directional derivative, its gradient {@code"
          + " d<param>} and the Hessian-vector product {@code d<param>Dot}, the directional derivative of the"
          + " gradient.\n", m.ir(), components));
      if (!m.ir().returnType().isArray()) {
        type.addMethod(hessian(m));
        List<Component> parts = new ArrayList<>();
        parts.add(component(m.ir().returnType(), GeneratedNames.VALUE));
        for (Variable p : GradClassEmitter.wrtSlots(m.ir())) {
          parts.add(component(p.type(), GradClassEmitter.gradientComponent(m.ir(), p)));
        }
        parts.add(component(dev.flatgrad.processor.ir.Type.DOUBLE_MATRIX, GeneratedNames.HESSIAN_MATRIX));
        type.addType(record(nested(m, GeneratedNames.HESSIAN), "The value of {@code $L}, its gradient {@code d<param>} and its"
            + " Hessian over the differentiated entries.\n", m.ir(), parts));
      }
    }
    if (m.modes().jacobian()) {
      type.addMethod(jacobian(m));
      type.addType(record(nested(m, GeneratedNames.JACOBIAN), "The value of {@code $L} and its Jacobian: a row per result entry,"
          + " a column per differentiated entry.\n", m.ir(), List.of(component(m.ir().returnType(), GeneratedNames.VALUE),
          component(dev.flatgrad.processor.ir.Type.DOUBLE_MATRIX, GeneratedNames.JACOBIAN_MATRIX))));
    }
    return new Added(source(tangent, tangentParts), hvpSource);
  }

  /** The source of a generated method and of the methods it was cut into, for reports. */
  private static String source(MethodSpec method, List<MethodSpec> parts) {
    List<MethodSpec> all = new ArrayList<>(List.of(method));
    all.addAll(parts);
    return String.join("\n", all.stream().map(MethodSpec::toString).toList());
  }

  /** {@code mTangent}; {@code parts} receives the methods it is cut into, if it is too long for one. */
  private MethodSpec tangent(Methods m, TypeSpec.Builder type, List<MethodSpec> parts) {
    IrMethod ir = m.ir();
    TangentMethod t = m.tangent();
    Declared declared = Declared.of(ir, t.params());
    List<Stmt> body = declared.unpacked(t.body());
    Naming naming = Naming.of(declared.params(), List.of(body), classNames);
    JavaPrinter printer = new JavaPrinter(naming, generated, fieldHandle, calls);
    ClassName record = nested(m, GeneratedNames.TANGENT);
    MethodSpec.Builder method = publicStatic(GeneratedNames.tangent(ir.name()), record, declared.params(), naming)
        .addJavadoc("Value of {@link $T#$L} and its directional derivative along $L: forward mode, each statement"
            + " followed by its tangent.\n", JavaPrinter.className(source), ir.name(),
            directions(declared, naming));
    CodeBlock.Builder code = CodeBlock.builder();
    List<Expr> results = List.of(new Expr.Ref(t.value()), new Expr.Ref(t.valueDot()));
    parts.addAll(SplitPrinter.print(code,
        new SplitPrinter.Body(GeneratedNames.tangent(ir.name()), declared.params(), body, List.of(), results),
        new SplitPrinter.Notes("the value and its tangent", null, false), record, naming, printer, type, generated,
        partName));
    return method.addCode(code.build()).build();
  }

  /** {@code mHvp}; {@code parts} receives the methods it is cut into, if it is too long for one. */
  private MethodSpec hvp(Methods m, TypeSpec.Builder type, List<MethodSpec> parts) {
    IrMethod ir = m.ir();
    HvpMethod h = m.hvp();
    List<Variable> flat = new ArrayList<>(h.params());
    if (h.seed() != null) {
      flat.add(h.seed());
    }
    Declared declared = Declared.of(ir, flat);
    List<Variable> params = declared.params();
    List<Stmt> forward = declared.unpacked(h.forward());
    Naming naming = Naming.of(params, List.of(forward, h.backward()), classNames);
    h.gradients().values().forEach(naming::names);
    h.products().values().forEach(naming::names);
    JavaPrinter printer = new JavaPrinter(naming, generated, fieldHandle, calls);
    ClassName record = nested(m, GeneratedNames.HVP);
    MethodSpec.Builder method = publicStatic(GeneratedNames.hvp(ir.name()), record, params, naming)
        .addJavadoc("Value of {@link $T#$L}, its directional derivative along $L, its gradient and the"
            + " Hessian-vector product: the tangent code, reversed.\n", JavaPrinter.className(source), ir.name(),
            directions(declared, naming));
    List<Expr> results = new ArrayList<>();
    results.add(new Expr.Ref(h.value()));
    results.add(new Expr.Ref(h.valueDot()));
    RecordBoundary boundary = RecordBoundary.of(ir);
    results.addAll(boundary.pack(ir.wrtInOrder(), ir.wrtInOrder().stream().map(h.gradients()::get).toList()));
    results.addAll(boundary.pack(ir.wrtInOrder(), ir.wrtInOrder().stream().map(h.products()::get).toList()));
    String forwardNote = "forward pass: the value and its tangent";
    String backwardNote = "backward pass: " + backwardNote(ir, naming, h);
    CodeBlock.Builder code = CodeBlock.builder();
    parts.addAll(SplitPrinter.print(code,
        new SplitPrinter.Body(GeneratedNames.hvp(ir.name()), params, forward, h.backward(), results),
        new SplitPrinter.Notes(forwardNote, backwardNote, true), record, naming, printer, type, generated, partName));
    return method.addCode(code.build()).build();
  }

  /**
   * {@code checkMTangent(args, directions)}: the tangent against centred differences of the method
   * itself along the directions.
   */
  private MethodSpec checkTangent(Methods m, OptionalDouble step) {
    IrMethod ir = m.ir();
    Declared declared = Declared.of(ir, m.tangent().params());
    List<Variable> params = declared.params();
    Naming naming = Naming.of(params, List.of(), Set.of());
    Set<String> used = taken(params, naming);
    String tangent = Naming.fresh("tangent", used);
    MethodSpec.Builder check = publicStatic(GeneratedNames.check(GeneratedNames.record(m.recordName(), GeneratedNames.TANGENT)), GRAD_CHECK.nestedClass("Report"), params,
        naming)
        .addJavadoc("Checks the tangent of {@link $T#$L} along these directions against centred differences of the"
            + " method itself.\n", JavaPrinter.className(source), ir.name());
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T $L = $L($L)", nested(m, GeneratedNames.TANGENT), tangent, GeneratedNames.tangent(ir.name()),
        args(params, naming));
    Map<Variable, String> alongs = alongs(ir, declared, naming, used, code);
    CodeBlock call = calls.originalOf(source, ir, callArgs(declared, naming, alongs));
    code.addStatement("return $T.checkAlong($L() -> new Object[] {$L}, new String[] {$S}, new Object[] {$L.$L()}$L)",
        GRAD_CHECK, GradClassEmitter.options(step), call, GeneratedNames.VALUE_DOT, tangent, GeneratedNames.VALUE_DOT,
        alongs.values().stream().map(a -> ", " + a).collect(Collectors.joining()));
    return check.addCode(code.build()).build();
  }

  /**
   * {@code checkMHvp(args, directions)}: the Hessian-vector product against centred differences of
   * the generated gradient along the directions.
   */
  private MethodSpec checkHvp(Methods m, OptionalDouble step) {
    IrMethod ir = m.ir();
    List<Variable> flat = new ArrayList<>(m.hvp().params());
    if (m.hvp().seed() != null) {
      flat.add(m.hvp().seed());
    }
    Declared declared = Declared.of(ir, flat);
    List<Variable> params = declared.params();
    Naming naming = Naming.of(params, List.of(), Set.of());
    Set<String> used = taken(params, naming);
    String hvp = Naming.fresh("hvp", used);
    String grad = Naming.fresh("grad", used);
    MethodSpec.Builder check = publicStatic(GeneratedNames.check(GeneratedNames.record(m.recordName(), GeneratedNames.HVP)), GRAD_CHECK.nestedClass("Report"), params,
        naming)
        .addJavadoc("Checks the Hessian-vector product of {@link $T#$L} along these directions against centred"
            + " differences of its generated gradient.\n", JavaPrinter.className(source), ir.name());
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T $L = $L($L)", nested(m, GeneratedNames.HVP), hvp, GeneratedNames.hvp(ir.name()), args(params, naming));
    Map<Variable, String> alongs = alongs(ir, declared, naming, used, code);
    List<CodeBlock> callArgs = callArgs(declared, naming, alongs);
    if (m.hvp().seed() != null) {
      callArgs.add(CodeBlock.of("$L", naming.of(m.hvp().seed())));
    }
    var names = hvpNames(ir);
    List<String> gradients = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> products = new ArrayList<>();
    for (Entry e : entries(ir)) {
      String product = names.get(e.slot().hint()).product();
      gradients.add(e.read(grad + "." + GradClassEmitter.gradientComponent(ir, e.slot()) + "()"));
      labels.add(e.path().isEmpty() ? product : product + "." + String.join(".", e.path()));
      products.add(e.read(hvp + "." + product + "()"));
    }
    code.add("return $T.checkAlong($L() -> {\n", GRAD_CHECK, GradClassEmitter.options(step)).indent();
    code.addStatement("$T $L = $L($L)", JavaPrinter.className(generated).nestedClass(m.recordName()), grad, ir.name(),
        CodeBlock.join(callArgs, ", "));
    code.addStatement("return new Object[] {$L}", String.join(", ", gradients));
    code.unindent().add("}, new String[] {$L}, new Object[] {$L}$L);\n",
        labels.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")),
        String.join(", ", products),
        alongs.values().stream().map(a -> ", " + a).collect(Collectors.joining()));
    return check.addCode(code.build()).build();
  }

  private static final ClassName GRAD_CHECK = ClassName.get("dev.flatgrad.runtime", "GradCheck");
  private static final ClassName ENTRIES = ClassName.get("dev.flatgrad.runtime", "Entries");

  /**
   * {@code mHessian(args)}: value, gradient and the dense Hessian, one H·v per differentiated
   * entry along its unit vector (written out one by one where every differentiated parameter is a
   * scalar, else in a loop over the entries).
   */
  private MethodSpec hessian(Methods m) {
    IrMethod ir = m.ir();
    RecordBoundary boundary = RecordBoundary.of(ir);
    List<Variable> params = boundary.params(ir.params());
    Naming naming = Naming.of(params, List.of(), Set.of());
    Set<String> used = taken(params, naming);
    String entries = Naming.fresh("entries", used);
    String hessian = Naming.fresh("hessian", used);
    String k = Naming.fresh("k", used);
    String hvp = Naming.fresh("hvp", used);
    String grad = Naming.fresh("grad", used);
    MethodSpec.Builder method = publicStatic(GeneratedNames.hessian(ir.name()), nested(m, GeneratedNames.HESSIAN), params, naming)
        .addJavadoc("Value, gradient and Hessian of {@link $T#$L} over the differentiated entries ($L, arrays in"
            + " row-major order, as {@link $T} lays them out): row k is the Hessian-vector product along entry k.\n",
            JavaPrinter.className(source), ir.name(), entryList(ir), ENTRIES);
    List<String> args = params.stream().map(naming::of).toList();
    var names = hvpNames(ir);
    CodeBlock.Builder code = CodeBlock.builder();
    List<Variable> wrt = ir.wrtInOrder();
    if (boundary.isEmpty() && !wrt.isEmpty() && wrt.stream().allMatch(p -> p.type().isScalar())) {
      // Scalars only: one H·v per parameter, written out; the last gives the value and gradient.
      code.addStatement("double[][] $L = new double[$L][]", hessian, wrt.size());
      String row = wrt.stream().map(p -> hvp + "." + names.get(p.hint()).product() + "()")
          .collect(Collectors.joining(", "));
      for (int unit = 0; unit < wrt.size(); unit++) {
        List<String> hvpArgs = new ArrayList<>(args);
        for (int j = 0; j < wrt.size(); j++) {
          hvpArgs.add(j == unit ? "1.0" : "0.0");
        }
        if (unit == 0) {
          code.addStatement("$T $L = $L($L)", nested(m, GeneratedNames.HVP), hvp, GeneratedNames.hvp(ir.name()),
              String.join(", ", hvpArgs));
        } else {
          code.addStatement("$L = $L($L)", hvp, GeneratedNames.hvp(ir.name()), String.join(", ", hvpArgs));
        }
        code.addStatement("$L[$L] = new double[] {$L}", hessian, unit, row);
      }
      List<String> values = new ArrayList<>();
      values.add(hvp + "." + GeneratedNames.VALUE + "()");
      wrt.forEach(p -> values.add(hvp + "." + names.get(p.hint()).gradient() + "()"));
      values.add(hessian);
      code.addStatement("return new $T($L)", nested(m, GeneratedNames.HESSIAN), String.join(", ", values));
      return method.addCode(code.build()).build();
    }
    code.addStatement("$T $L = $T.of($L)", ENTRIES, entries, ENTRIES, listOf(wrtNames(ir, naming), wrtRanks(ir)));
    code.addStatement("double[][] $L = new double[$L.size()][]", hessian, entries);
    code.beginControlFlow("for (int $L = 0; $L < $L.length; $L++)", k, k, hessian, k);
    code.addStatement("$L.unit($L)", entries, k);
    List<CodeBlock> hvpArgs = new ArrayList<>(args.stream().map(a -> CodeBlock.of("$L", a)).toList());
    hvpArgs.addAll(directionsOf(ir, entries, naming));
    code.addStatement("$T $L = $L($L)", nested(m, GeneratedNames.HVP), hvp, GeneratedNames.hvp(ir.name()),
        CodeBlock.join(hvpArgs, ", "));
    code.addStatement("$L[$L] = $L.flatten($L)", hessian, k, entries, listOf(entries(ir).stream()
        .map(e -> e.read(hvp + "." + names.get(e.slot().hint()).product() + "()")).toList(), wrtRanks(ir)));
    code.endControlFlow();
    code.addStatement("$T $L = $L($L)", JavaPrinter.className(generated).nestedClass(m.recordName()), grad, ir.name(),
        String.join(", ", args));
    List<String> values = new ArrayList<>();
    values.add(grad + "." + GeneratedNames.VALUE + "()");
    GradClassEmitter.wrtSlots(ir).forEach(p -> values.add(grad + "." + GradClassEmitter.gradientComponent(ir, p) + "()"));
    values.add(hessian);
    code.addStatement("return new $T($L)", nested(m, GeneratedNames.HESSIAN), String.join(", ", values));
    return method.addCode(code.build()).build();
  }

  /**
   * {@code mJacobian(args)}: value and Jacobian of an array result, column by column from one
   * tangent per differentiated entry, or row by row from one gradient per result entry, whichever
   * takes fewer calls.
   */
  private MethodSpec jacobian(Methods m) {
    IrMethod ir = m.ir();
    List<Variable> params = RecordBoundary.of(ir).params(ir.params());
    Naming naming = Naming.of(params, List.of(), Set.of());
    Set<String> used = taken(params, naming);
    String in = Naming.fresh("in", used);
    String value = Naming.fresh("value", used);
    String out = Naming.fresh("out", used);
    String jacobian = Naming.fresh("jacobian", used);
    String k = Naming.fresh("k", used);
    String i = Naming.fresh("i", used);
    String tangent = Naming.fresh("tangent", used);
    String grad = Naming.fresh("grad", used);
    MethodSpec.Builder method = publicStatic(GeneratedNames.jacobian(ir.name()), nested(m, GeneratedNames.JACOBIAN), params,
        naming)
        .addJavadoc("Value and Jacobian of {@link $T#$L}: row i is the derivative of result entry i, column k that"
            + " with respect to differentiated entry k ($L; arrays in row-major order, as {@link $T} lays them out);"
            + " from one tangent per column or one gradient per row, whichever is fewer.\n",
            JavaPrinter.className(source), ir.name(), entryList(ir), ENTRIES);
    List<String> args = params.stream().map(naming::of).toList();
    CodeBlock.Builder code = CodeBlock.builder();
    code.addStatement("$T $L = $T.of($L)", ENTRIES, in, ENTRIES, listOf(wrtNames(ir, naming), wrtRanks(ir)));
    code.addStatement("$T $L = $L", JavaPrinter.typeName(ir.returnType()), value, calls.original(source, ir, args));
    List<Integer> resultRank = List.of(ir.returnType().rank());
    code.addStatement("$T $L = $T.of($L)", ENTRIES, out, ENTRIES, listOf(List.of(value), resultRank));
    code.addStatement("double[][] $L = new double[$L.size()][$L.size()]", jacobian, out, in);
    code.beginControlFlow("if ($L.size() <= $L.size())", in, out);
    code.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", k, k, in, k);
    code.addStatement("$L.unit($L)", in, k);
    List<CodeBlock> tangentArgs = new ArrayList<>(args.stream().map(a -> CodeBlock.of("$L", a)).toList());
    tangentArgs.addAll(directionsOf(ir, in, naming));
    code.addStatement("$T $L = $L($L)", nested(m, GeneratedNames.TANGENT), tangent, GeneratedNames.tangent(ir.name()),
        CodeBlock.join(tangentArgs, ", "));
    code.addStatement("$T.setColumn($L, $L, $L.flatten($L))", ENTRIES, jacobian, k, out,
        listOf(List.of(tangent + "." + GeneratedNames.VALUE_DOT + "()"), resultRank));
    code.endControlFlow();
    code.nextControlFlow("else");
    code.beginControlFlow("for (int $L = 0; $L < $L.size(); $L++)", i, i, out, i);
    code.addStatement("$L.unit($L)", out, i);
    List<String> gradArgs = new ArrayList<>(args);
    gradArgs.add(out + "." + accessor(ir.returnType()) + "(0)");
    code.addStatement("$T $L = $L($L)", JavaPrinter.className(generated).nestedClass(m.recordName()), grad, ir.name(),
        String.join(", ", gradArgs));
    code.addStatement("$L[$L] = $L.flatten($L)", jacobian, i, in, listOf(
        entries(ir).stream().map(e -> e.read(grad + "." + GradClassEmitter.gradientComponent(ir, e.slot()) + "()"))
            .toList(), wrtRanks(ir)));
    code.endControlFlow();
    code.endControlFlow();
    code.addStatement("return new $T($L, $L)", nested(m, GeneratedNames.JACOBIAN), value, jacobian);
    return method.addCode(code.build()).build();
  }

  /**
   * The directions of {@code entries} as arguments: {@code entries.scalar(0), entries.matrix(1)}, a
   * record's made of its components' ({@code new Params(entries.matrix(0), entries.vector(1))}).
   */
  private static List<CodeBlock> directionsOf(IrMethod ir, String entries, Naming naming) {
    Map<Variable, String> directions = new HashMap<>();
    List<Variable> wrt = ir.wrtInOrder();
    for (int i = 0; i < wrt.size(); i++) {
      directions.put(wrt.get(i), entries + "." + accessor(wrt.get(i).type()) + "(" + i + ")");
    }
    return arguments(RecordBoundary.of(ir), GradClassEmitter.wrtSlots(ir), directions, naming);
  }

  /**
   * {@code params} as arguments: each record's built of its components' {@code values} (a component
   * passed through read from the record {@code naming} names), the others' values as they are.
   */
  private static List<CodeBlock> arguments(RecordBoundary boundary, List<Variable> params, Map<Variable, String> values,
      Naming naming) {
    List<CodeBlock> out = new ArrayList<>();
    for (Variable p : params) {
      Optional<Unpacked> record = boundary.records().stream().filter(u -> u.record() == p).findFirst();
      out.add(record.isPresent() ? GradClassEmitter.construct(record.get(), values, naming.of(p))
          : CodeBlock.of("$L", values.get(p)));
    }
    return out;
  }

  private static String accessor(dev.flatgrad.processor.ir.Type t) {
    return switch (t.rank()) {
      case 0 -> "scalar";
      case 1 -> "vector";
      case 2 -> "matrix";
      default -> "matrices";
    };
  }

  /** The differentiated entries' arrays (or values), as a method taking the declared parameters reads them. */
  private static List<String> wrtNames(IrMethod ir, Naming naming) {
    return entries(ir).stream().map(e -> e.read(naming.of(e.slot()))).toList();
  }

  private static List<Integer> wrtRanks(IrMethod ir) {
    return ir.wrtInOrder().stream().map(p -> p.type().rank()).toList();
  }

  /**
   * {@code List.of(a, b)} of values of these ranks; a lone array of arrays is cast to {@code
   * Object}, which {@code List.of} would take for its varargs array ({@code List.of(W)} lists W's
   * rows).
   */
  private static CodeBlock listOf(List<String> values, List<Integer> ranks) {
    boolean lone = values.size() == 1 && ranks.get(0) >= 2;
    return CodeBlock.of("$T.of($L)", List.class, lone ? "(Object) " + values.get(0) : String.join(", ", values));
  }

  private static String entryList(IrMethod ir) {
    return entries(ir).stream().map(e -> "{@code " + e.label() + "}").collect(Collectors.joining(", then "));
  }

  /** {@code public static <returns> name(<params>)}, the parameters named as {@code naming} names them. */
  private static MethodSpec.Builder publicStatic(String name, com.palantir.javapoet.TypeName returns,
      List<Variable> params, Naming naming) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(returns);
    for (Variable p : params) {
      method.addParameter(JavaPrinter.typeName(p.type()), naming.of(p));
    }
    return method;
  }

  /** The names the parameters took, for locals to stay clear of. */
  private static Set<String> taken(List<Variable> params, Naming naming) {
    Set<String> used = new java.util.HashSet<>();
    params.forEach(p -> used.add(naming.of(p)));
    return used;
  }

  private static String args(List<Variable> params, Naming naming) {
    return params.stream().map(naming::of).collect(Collectors.joining(", "));
  }

  /**
   * {@code GradCheck.along("x", x, xDot)} for each differentiated parameter, {@code
   * GradCheck.along("p.W1", p.W1(), pDot.W1())} for each component of a record; their names by
   * the engine's parameter.
   */
  private static Map<Variable, String> alongs(IrMethod ir, Declared declared, Naming naming, Set<String> used,
      CodeBlock.Builder code) {
    Map<Variable, String> alongs = new LinkedHashMap<>();
    for (Entry e : entries(ir)) {
      String along = Naming.fresh(naming.of(e.slot()) + GradClassEmitter.camel(e.path()) + "Along", used);
      com.palantir.javapoet.TypeName type = e.leaf().type().isScalar()
          ? GRAD_CHECK.nestedClass("ScalarAlong")
          : com.palantir.javapoet.ParameterizedTypeName.get(GRAD_CHECK.nestedClass("ArrayAlong"),
              JavaPrinter.typeName(e.leaf().type()));
      code.addStatement("$T $L = $T.along($S, $L, $L)", type, along, GRAD_CHECK, e.label(), e.read(naming.of(e.slot())),
          e.read(naming.of(declared.directionOf(e))));
      alongs.put(e.leaf(), along);
    }
    return alongs;
  }

  /** The method's own arguments, the differentiated ones read from their {@code along}s. */
  private static List<CodeBlock> callArgs(Declared declared, Naming naming, Map<Variable, String> alongs) {
    Map<Variable, String> values = new HashMap<>();
    for (Variable p : declared.own()) {
      values.put(p, naming.of(p));
    }
    alongs.forEach((p, along) -> values.put(p, along + "." + GeneratedNames.VALUE + "()"));
    return new ArrayList<>(arguments(declared.values(), declared.own(), values, naming));
  }

  /** The names of the H·v record's gradient and product components, by parameter name (a record's by its own). */
  private static Map<String, GeneratedNames.HvpComponents> hvpNames(IrMethod ir) {
    return GeneratedNames.hvpComponents(GradClassEmitter.wrtSlots(ir).stream().map(Variable::hint).toList(),
        RecordBoundary.of(ir).params(ir.params()).stream().map(Variable::hint).toList());
  }

  /** What the backward pass computes, in the names of its first parameter. */
  private static String backwardNote(IrMethod ir, Naming naming, HvpMethod h) {
    Entry first = entries(ir).get(0);
    GeneratedNames.HvpComponents names = hvpNames(ir).get(first.slot().hint());
    String gradient = h.gradients().get(first.leaf()) instanceof Expr.Ref r ? naming.of(r.var()) : names.gradient();
    String product = h.products().get(first.leaf()) instanceof Expr.Ref r ? naming.of(r.var()) : names.product();
    return gradient + " is the gradient, " + product + " its directional derivative (H·v)";
  }

  /** The directions among the parameters, as the Javadoc lists them: {@code (xDot, yDot)}. */
  private static String directions(Declared declared, Naming naming) {
    return declared.directions().stream()
        .map(v -> "{@code " + naming.of(v) + "}")
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * A differentiated parameter of the engine's as a generated method reaches it: {@code x} itself,
   * or {@code p.W1()} of a record {@code p} differentiated component by component.
   *
   * @param leaf the engine's parameter
   * @param slot the parameter as declared ({@code x}, {@code p})
   * @param path the components from the record to it; empty for a parameter of its own
   * @param index its place among the differentiated parameters
   */
  private record Entry(Variable leaf, Variable slot, List<String> path, int index) {

    /** How checks name it: {@code x}, {@code p.W1}. */
    String label() {
      return path.isEmpty() ? leaf.hint() : slot.hint() + "." + String.join(".", path);
    }

    /** It, read from {@code holder}, something of its slot's type: {@code x}, {@code p.W1()}. */
    String read(String holder) {
      return holder + GradClassEmitter.accessors(path);
    }
  }

  /** The method's differentiated parameters, one by one, as generated methods reach them. */
  private static List<Entry> entries(IrMethod ir) {
    RecordBoundary boundary = RecordBoundary.of(ir);
    List<Entry> out = new ArrayList<>();
    List<Variable> wrt = ir.wrtInOrder();
    for (int i = 0; i < wrt.size(); i++) {
      Variable leaf = wrt.get(i);
      Optional<Unpacked> record = boundary.recordOf(leaf);
      out.add(record.isPresent()
          ? new Entry(leaf, record.get().record(), RecordBoundary.paths(record.get()).get(leaf), i)
          : new Entry(leaf, leaf, List.of(), i));
    }
    return out;
  }

  /**
   * A generated method's parameters as declared ({@link RecordBoundary}): the method's own, a record
   * differentiated component by component as the record; then the directions, a record's as one
   * record of its type ({@code pDot}); then {@code dout} where there is one.
   *
   * @param own the method's own parameters as declared
   * @param values the method's records
   * @param along the directions' records, their components the engine's directions
   * @param flatDirections the engine's directions, one per differentiated parameter
   */
  private record Declared(List<Variable> params, List<Variable> own, RecordBoundary values, RecordBoundary along,
      List<Variable> flatDirections) {

    /** {@code flat}: the engine's parameters, one direction per differentiated one, then {@code dout} if any. */
    static Declared of(IrMethod ir, List<Variable> flat) {
      RecordBoundary values = RecordBoundary.of(ir);
      int n = ir.params().size();
      List<Variable> wrt = ir.wrtInOrder();
      List<Variable> flatDirections = flat.subList(n, n + wrt.size());
      Map<Variable, Variable> directionOf = new HashMap<>();
      for (int i = 0; i < wrt.size(); i++) {
        directionOf.put(wrt.get(i), flatDirections.get(i));
      }
      RecordBoundary along = values.mapped(directionOf, Variable::tangentOf);
      List<Variable> own = values.params(flat.subList(0, n));
      List<Variable> params = new ArrayList<>(own);
      params.addAll(along.params(flatDirections));
      params.addAll(flat.subList(n + wrt.size(), flat.size()));
      return new Declared(params, own, values, along, flatDirections);
    }

    /** The directions as declared: {@code xDot}, {@code pDot}. */
    List<Variable> directions() {
      return along.params(flatDirections);
    }

    /** The declared direction holding {@code e}'s: {@code xDot} itself, or record {@code pDot}. */
    Variable directionOf(Entry e) {
      Variable direction = flatDirections.get(e.index());
      return along.recordOf(direction).map(Unpacked::record).orElse(direction);
    }

    /** {@code code} after the declarations that unpack the records: the method's, then its directions'. */
    List<Stmt> unpacked(List<Stmt> code) {
      List<Stmt> out = new ArrayList<>(values.unpack());
      out.addAll(along.unpack());
      out.addAll(code);
      return out;
    }
  }

  private record Component(com.palantir.javapoet.TypeName type, String name) {}

  private static Component component(dev.flatgrad.processor.ir.Type type, String name) {
    return new Component(JavaPrinter.typeName(type), name);
  }

  private static TypeSpec record(ClassName name, String javadoc, IrMethod ir, List<Component> components) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    components.forEach(c -> constructor.addParameter(c.type(), c.name()));
    return TypeSpec.recordBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(javadoc, ir.name())
        .build();
  }

  private ClassName nested(Methods m, String mode) {
    return JavaPrinter.className(generated).nestedClass(GeneratedNames.record(m.recordName(), mode));
  }
}
