package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Unpacked;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.CopiedConstants;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.naming.Naming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Stage: emit. Writes the generated class {@code FooGrad}: for each differentiated method, the
 * gradient method (forward pass, backward pass, result), its result record, and a one-call
 * gradient check against the original method.
 */
public final class GradClassEmitter {

  /** One differentiated method, ready to print. */
  public record Method(
      IrMethod ir,
      String recordName,
      List<Stmt> forward,
      List<Stmt> backward,
      Map<Variable, Expr> gradients,
      Variable value,
      Variable seed,
      Set<Variable> active,
      Saved saved) {

    public Method(IrMethod ir, String recordName, List<Stmt> forward, List<Stmt> backward,
        Map<Variable, Expr> gradients, Variable value, Variable seed, Set<Variable> active) {
      this(ir, recordName, forward, backward, gradients, value, seed, active, null);
    }
  }

  /**
   * The saved-values form of a method, which generated callers run: {@code mSaved(args)}, its
   * forward pass, returning record {@code MSaved} (its value and what its backward pass reads),
   * and {@code mPullback(saved, dout, dp...)}, its backward pass on those values, adding {@code
   * dout} times the gradient into the caller's own adjoint arrays instead of returning new ones.
   *
   * @param dout the upstream gradient parameter
   * @param accumulators the arrays added into, one per gradient parameter, in order
   * @param kept what the record holds beside the value: the forward pass's variables the
   *     backward pass reads (the output variable among them is the value), or the parameters
   * @param forward {@code mSaved}'s code, ending with the output assigned; null when the record
   *     keeps the parameters and the method itself gives the value
   * @param again what {@code mPullback} computes again before its backward pass (its forward pass,
   *     where the record keeps the parameters); null with {@code backward}
   * @param backward the backward pass, adding into the accumulators; null when the pullback adds
   *     what the gradient method returns (its backward pass does more than add into the arrays)
   */
  public record Saved(Variable dout, List<Variable> accumulators, List<Variable> kept, List<Stmt> forward,
      List<Stmt> again, List<Stmt> backward) {}

  /**
   * What {@link #add} made of a method, for reports: the generated method (and the methods it was
   * cut into) and the graph, each made when asked for.
   */
  public record Added(java.util.function.Supplier<String> gradientSource,
      java.util.function.Supplier<dev.flatgrad.processor.base.Graph> graph) {}

  /**
   * Names the generated class must leave alone: the user's class's fields (a copied constant keeps
   * its name) and methods (each gradient method has its method's name), and the records of its
   * gradient methods.
   */
  public record Reserved(Set<String> fields, Set<String> methods, Set<String> records) {
    public Reserved {
      fields = Set.copyOf(fields);
      methods = Set.copyOf(methods);
      records = Set.copyOf(records);
    }
  }

  private static final String GENERATOR = "dev.flatgrad.processor.javac.FlatgradProcessor";

  /** The comments over a gradient's or pullback's passes. */
  private static final SplitPrinter.Notes PASSES = new SplitPrinter.Notes("forward pass", "backward pass", true);

  private static final ClassName PRIVATE_FIELDS = ClassName.get("dev.flatgrad.runtime", "PrivateFields");

  private final ClassRef source;
  private final ClassRef generated;
  private final TypeSpec.Builder type;
  private final Set<ClassRef> auxiliary;
  private final Set<ClassRef> referenced = new HashSet<>();
  private final Reserved reserved;
  private final Set<String> handleNames = new HashSet<>();
  private final Map<String, String> handles = new java.util.HashMap<>();
  /** Names of the methods and nested classes added to split large methods. */
  private final Set<String> partNames = new HashSet<>();
  private final PrivateCalls calls;
  /** Whether a method has an {@code assert}, which reads the generated class's {@code ASSERTIONS}. */
  private boolean readsAssertions;

  /**
   * @param markGenerated annotate the class {@code @Generated} (see {@code Engine.Options})
   * @param reserved the names of the source class's members, which generated code must not hide
   * @param auxiliary the top-level classes of the source file other than the one it is named
   *     after: javac's lint warns where another file (this generated one) uses them
   * @param privateMethods the parameter names of a private method of the user's, which generated
   *     code calls through a method handle; empty for any other method
   */
  public GradClassEmitter(ClassRef source, ClassRef generated, String sourceFile, boolean markGenerated,
      Reserved reserved, Set<ClassRef> auxiliary,
      java.util.function.Function<dev.flatgrad.processor.ir.Callee, java.util.Optional<List<String>>> privateMethods) {
    this.source = source;
    this.calls = new PrivateCalls(generated, privateMethods, this::partName);
    this.generated = generated;
    this.reserved = reserved;
    this.auxiliary = Set.copyOf(auxiliary);
    this.type = TypeSpec.classBuilder(generated.simpleName()).addModifiers(Modifier.PUBLIC, Modifier.FINAL);
    if (markGenerated) {
      type.addAnnotation(
          AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
              .addMember("value", "$S", GENERATOR)
              .addMember("comments", "$S", "from " + sourceFile)
              .build());
    }
    type
            .addJavadoc(
                "Gradients of the {@code @Differentiable} methods of {@link $T}, generated by flatgrad.\n",
                JavaPrinter.className(source))
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
  }

  /** A private constant of the user's class, copied so that generated code can read it. */
  public void addConstant(CopiedConstants.Constant c) {
    Naming naming = Naming.of(List.of(), List.of(), Set.of());
    JavaPrinter printer = new JavaPrinter(naming, generated, this::handle, calls);
    type.addField(
        FieldSpec.builder(JavaPrinter.typeName(c.value().type()), c.name(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(printer.expr(c.value()))
            .build());
  }

  /**
   * Adds a method's gradient, record and check; {@code step} is the difference step its {@code
   * @CheckInputs} sets for the check, if it sets one.
   */
  public Added add(Method m, OptionalDouble step) {
    IrMethod ir = m.ir();
    ClassName record = generated(m.recordName());
    Set<String> reserved = typeNames(m);
    RecordBoundary boundary = RecordBoundary.of(ir);
    List<Variable> params = boundary.params(allParams(m));
    List<Stmt> forward = new ArrayList<>(boundary.unpack());
    forward.addAll(m.forward());
    Naming naming =
        Naming.of(params, List.of(forward, m.backward()), reserved);
    m.gradients().values().forEach(naming::names);
    JavaPrinter printer = new JavaPrinter(naming, generated, this::handle, calls);

    MethodSpec.Builder method =
        MethodSpec.methodBuilder(ir.name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record)
            .addJavadoc(
                "Value of {@link $T#$L} and its gradient with respect to $L: the backward pass of its body.\n",
                JavaPrinter.className(source),
                ir.name(),
                wrtSlots(ir).stream().map(v -> "{@code " + v.hint() + "}").collect(Collectors.joining(", ")));
    for (Variable p : params) {
      method.addParameter(JavaPrinter.typeName(p.type()), naming.of(p));
    }
    List<Expr> results = new ArrayList<>();
    results.add(new Expr.Ref(m.value()));
    results.addAll(boundary.pack(ir.wrtInOrder(), ir.wrtInOrder().stream().map(m.gradients()::get).toList()));
    CodeBlock.Builder code = CodeBlock.builder();
    List<MethodSpec> parts = SplitPrinter.print(code,
        new SplitPrinter.Body(ir.name(), params, forward, m.backward(), results),
        PASSES, record, naming, printer, type, generated, this::partName);
    method.addCode(code.build());
    MethodSpec built = method.build();
    type.addMethod(built);
    parts.forEach(type::addMethod);

    MethodSpec.Builder components = MethodSpec.constructorBuilder();
    components.addParameter(JavaPrinter.typeName(ir.returnType()), GeneratedNames.VALUE);
    for (Variable p : wrtSlots(ir)) {
      components.addParameter(JavaPrinter.typeName(p.type()), gradientComponent(ir, p));
    }
    type.addType(
        TypeSpec.recordBuilder(record)
            .addModifiers(Modifier.PUBLIC)
            .recordConstructor(components.build())
            .addJavadoc(
                "The value of {@code $L} and the adjoint {@code d<param>} of each differentiated parameter.\n",
                ir.name())
            .build());
    type.addMethod(check(m, record, step));
    if (m.saved() != null) {
      addSaved(m, record, reserved);
    }
    List<MethodSpec> methods = new ArrayList<>(List.of(built));
    methods.addAll(parts);
    return new Added(() -> String.join("\n", methods.stream().map(MethodSpec::toString).toList()),
        () -> GraphBuilder.build(ir, m.active(), generatedCode(m), naming, m.seed()));
  }

  /** The gradient method's statements: adjoints live in the forward pass too where a loop is fused. */
  private static List<Stmt> generatedCode(Method m) {
    List<Stmt> code = new ArrayList<>(m.forward());
    code.addAll(m.backward());
    return code;
  }

  /** {@code mSaved}, its record {@code MSaved} and {@code mPullback} (see {@link Saved}). */
  private void addSaved(Method m, ClassName record, Set<String> reserved) {
    IrMethod ir = m.ir();
    Saved p = m.saved();
    ClassName savedRecord = generated(GeneratedNames.record(m.recordName(), GeneratedNames.SAVED));
    Variable saved = Variable.parameter("saved", Type.of(new ClassRef(generated.packageName(),
        generated.simpleName() + "." + savedRecord.simpleName())));
    List<Variable> params = new ArrayList<>(List.of(saved, p.dout()));
    params.addAll(p.accumulators());
    // The kept values are named first, in order, in both methods (so alike in both, and as the
    // user named them), and their record components after them.
    List<Variable> components = p.kept().stream().filter(v -> v != ir.output()).toList();
    List<Variable> named = new ArrayList<>(p.kept());
    named.addAll(params);
    Set<String> notComponents = new HashSet<>(reserved);
    notComponents.addAll(GeneratedNames.NOT_COMPONENTS);
    List<List<Stmt>> code = new ArrayList<>();
    if (p.backward() != null) {
      code.add(p.again());
      code.add(p.backward());
    }
    Naming naming = Naming.of(named, code, notComponents);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addParameter(JavaPrinter.typeName(ir.returnType()), GeneratedNames.VALUE);
    components.forEach(v -> constructor.addParameter(JavaPrinter.typeName(v.type()), naming.of(v)));
    type.addType(TypeSpec.recordBuilder(savedRecord)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc("The value of {@code $L} and what its backward pass reads, kept by {@code $L} for {@code $L}.\n",
            ir.name(), GeneratedNames.saved(ir.name()), GeneratedNames.pullback(ir.name()))
        .build());
    type.addMethod(savedMethod(m, savedRecord, components, notComponents));
    type.addMethod(pullback(m, record, saved, params, naming));
  }

  /** {@code mSaved(args)}: the forward pass, returning the value and what the pullback reads. */
  private MethodSpec savedMethod(Method m, ClassName savedRecord, List<Variable> components, Set<String> reserved) {
    IrMethod ir = m.ir();
    Saved p = m.saved();
    List<Variable> named = new ArrayList<>(ir.params());
    components.stream().filter(v -> !named.contains(v)).forEach(named::add);
    Naming naming = Naming.of(named, p.forward() == null ? List.of() : List.of(p.forward()), reserved);
    JavaPrinter printer = new JavaPrinter(naming, generated, this::handle, calls);
    MethodSpec.Builder method = MethodSpec.methodBuilder(GeneratedNames.saved(ir.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(savedRecord)
        .addJavadoc("Value of {@link $T#$L} and what its backward pass reads: the forward pass of a call, as"
                + " generated callers run it before {@code $L}.\n",
            JavaPrinter.className(source), ir.name(), GeneratedNames.pullback(ir.name()));
    ir.params().forEach(v -> method.addParameter(JavaPrinter.typeName(v.type()), naming.of(v)));
    CodeBlock.Builder code = CodeBlock.builder();
    CodeBlock value;
    if (p.forward() != null) {
      printer.stmts(p.forward(), code);
      value = CodeBlock.of("$L", naming.of(ir.output()));
    } else {
      value = calls.original(source, ir, ir.params().stream().map(naming::of).toList());
    }
    List<CodeBlock> values = new ArrayList<>(List.of(value));
    components.forEach(v -> values.add(CodeBlock.of("$L", naming.of(v))));
    code.addStatement("return new $T($L)", savedRecord, CodeBlock.join(values, ", "));
    return method.addCode(code.build()).build();
  }

  /**
   * {@code mPullback(saved, dout, dp...)}: the kept values read from the record, then the
   * backward pass adding into the caller's arrays (after the forward pass again, where the record
   * keeps the parameters), or the gradient method's result added.
   */
  private MethodSpec pullback(Method m, ClassName record, Variable saved, List<Variable> params, Naming naming) {
    IrMethod ir = m.ir();
    Saved p = m.saved();
    JavaPrinter printer = new JavaPrinter(naming, generated, this::handle, calls);
    MethodSpec.Builder method = MethodSpec.methodBuilder(GeneratedNames.pullback(ir.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Adds {@code $L} times the gradient of {@link $T#$L} with respect to $L into $L, at the values"
                + " {@code $L} kept: the backward pass of a call, as generated callers run it$L.\n",
            naming.of(p.dout()), JavaPrinter.className(source), ir.name(),
            ir.wrtInOrder().stream().map(v -> "{@code " + v.hint() + "}").collect(Collectors.joining(", ")),
            p.accumulators().stream().map(v -> "{@code " + naming.of(v) + "}").collect(Collectors.joining(", ")),
            GeneratedNames.saved(ir.name()),
            p.accumulators().size() > 1 ? " (null for an argument whose gradient the caller does not need)" : "");
    for (Variable v : params) {
      method.addParameter(JavaPrinter.typeName(v.type()), naming.of(v));
    }
    CodeBlock.Builder code = CodeBlock.builder();
    for (Variable v : p.kept()) {
      code.addStatement("$T $L = $L.$L()", JavaPrinter.typeName(v.type()), naming.of(v), naming.of(saved),
          v == ir.output() ? GeneratedNames.VALUE : naming.of(v));
    }
    if (p.backward() == null) {
      String grad = naming.of(Variable.temp("grad", Type.of(new ClassRef(generated.packageName(),
          generated.simpleName() + "." + m.recordName()))));
      List<Variable> args = new ArrayList<>(ir.params());
      if (m.seed() != null) {
        args.add(p.dout());
      }
      code.addStatement("$T $L = $L($L)", record, grad, ir.name(),
          args.stream().map(naming::of).collect(Collectors.joining(", ")));
      boolean skippable = p.accumulators().size() > 1; // see SkippedAdjoints
      for (int k = 0; k < p.accumulators().size(); k++) {
        String adjoint = naming.of(p.accumulators().get(k));
        if (skippable) {
          code.beginControlFlow("if ($L != null)", adjoint);
        }
        code.addStatement("$T.addInPlace($L, $L$L.$L())", ClassName.get("dev.flatgrad.runtime", "Nd"),
            adjoint, m.seed() != null ? "" : naming.of(p.dout()) + ", ", grad,
            GeneratedNames.gradientComponent(ir, ir.wrtInOrder().get(k)));
        if (skippable) {
          code.endControlFlow();
        }
      }
    } else if (p.again().isEmpty()) {
      printer.stmts(p.backward(), code);
    } else {
      SplitPrinter.passes(code, printer, p.again(), p.backward(), PASSES);
    }
    return method.addCode(code.build()).build();
  }

  /** A name for a method or nested class added to split a method, unlike any other of the class. */
  String partName(String wanted) {
    String name = wanted;
    while (reserved.methods().contains(name) || reserved.records().contains(name)
        || GeneratedNames.isCheck(name, reserved.records()) || !partNames.add(name)) {
      name = name + "_";
    }
    return name;
  }

  /**
   * The {@code VarHandle} constant through which generated code reads a private field, added to
   * the class the first time it is asked for: {@code SCALE} for field {@code scale}, made by the
   * runtime's {@code PrivateFields} from this class's lookup (same package, same module).
   */
  private String handle(Expr.FieldRef field) {
    return handles.computeIfAbsent(field.owner().qualifiedName() + "#" + field.name(), key -> {
      String base = GeneratedNames.constantCase(field.name());
      String name = base;
      for (int k = 2; handleNames.contains(name) || reserved.fields().contains(name) && !isOwn(field, name); k++) {
        name = base + k;
      }
      handleNames.add(name);
      type.addField(FieldSpec.builder(ClassName.get(java.lang.invoke.VarHandle.class), name, Modifier.PRIVATE,
              Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.$L($T.lookup(), $T.class, $S, $T.class)", PRIVATE_FIELDS,
              field.target() == null ? "staticField" : "instanceField", java.lang.invoke.MethodHandles.class,
              JavaPrinter.className(field.owner()), field.name(), JavaPrinter.typeName(field.type()))
          .build());
      return name;
    });
  }

  /** Whether {@code name} is the name of the very field read: it is not copied, so it is free. */
  private boolean isOwn(Expr.FieldRef field, String name) {
    return field.owner().equals(source) && field.name().equals(name);
  }

  /**
   * The simple names by which the method's code refers to classes ({@code Math}, {@code Nd},
   * stacks, the user's classes, records): a local of that name would hide the class, so none is
   * given one.
   */
  private Set<String> typeNames(Method m) {
    readsAssertions |= hasAssert(List.of(m.forward(), m.backward()));
    return typeNames(allParams(m), List.of(RecordBoundary.of(m.ir()).unpack(), m.forward(), m.backward()));
  }

  /** The simple names by which {@code codes} and their parameters refer to classes (see {@link #typeNames(Method)}). */
  private Set<String> typeNames(List<Variable> params, List<List<Stmt>> codes) {
    Set<String> names = new HashSet<>(List.of("Math", "GradCheck", generated.simpleName(), source.simpleName()));
    referenced.add(topLevel(source));
    java.util.function.Consumer<ClassRef> add = c -> {
      names.add(c.simpleName().split("\\.")[0]);
      referenced.add(topLevel(c));
    };
    java.util.function.Consumer<Variable> addType = v -> {
      if (v.type().isObject()) {
        add.accept(v.type().object());
      }
      if (v.kind() == Variable.Kind.STACK) {
        add.accept(dev.flatgrad.processor.ir.Tapes.stackClass(v.type()));
      }
    };
    params.forEach(addType);
    walkTypes(codes, add, addType);
    return names;
  }

  /** Passes every class the code refers to (calls, fields, variables' types) to {@code add}, {@code addType}. */
  private static void walkTypes(List<List<Stmt>> codes, java.util.function.Consumer<ClassRef> add,
      java.util.function.Consumer<Variable> addType) {
    for (List<Stmt> code : codes) {
      for (Stmt s : code) {
        dev.flatgrad.processor.ir.Stmts.walk(s, x -> {
          dev.flatgrad.processor.ir.Variable target = dev.flatgrad.processor.ir.Stmts.target(x);
          if (target != null) {
            addType.accept(target);
          }
          if (x instanceof Stmt.Declare d) {
            addType.accept(d.target());
          }
          for (Expr e : dev.flatgrad.processor.ir.Stmts.ownExprs(x)) {
            dev.flatgrad.processor.ir.Exprs.walk(e, y -> {
              if (y instanceof Expr.Call c) {
                add.accept(c.callee().owner());
              } else if (y instanceof Expr.FieldRef f) {
                add.accept(f.owner());
              } else if (y instanceof Expr.Ref r) {
                addType.accept(r.var());
              }
            });
          }
        });
      }
    }
  }

  /** Whether the code reads {@code ASSERTIONS} (it has an {@code assert}), which {@link #build} then declares. */
  private boolean hasAssert(List<List<Stmt>> codes) {
    boolean[] reads = {false};
    for (List<Stmt> code : codes) {
      for (Stmt s : code) {
        dev.flatgrad.processor.ir.Stmts.walk(s, x -> dev.flatgrad.processor.ir.Stmts.ownExprs(x).forEach(
            e -> dev.flatgrad.processor.ir.Exprs.walk(e, y -> reads[0] |= y instanceof Expr.FieldRef f
                && f.owner().equals(generated) && f.name().equals(assertions()))));
      }
    }
    return reads[0];
  }

  private String assertions() {
    return GeneratedNames.assertions(reserved.fields());
  }

  private static ClassRef topLevel(ClassRef c) {
    return new ClassRef(c.packageName(), c.simpleName().split("\\.")[0]);
  }

  /** Adds the methods a method asked for beside its gradient (tangent, H·v, ...). */
  public ModeEmitter.Added addModes(ModeEmitter.Methods m, OptionalDouble step) {
    // Their code may call a class of the user's file that the gradient does not (see build()).
    List<List<Stmt>> codes = new ArrayList<>();
    List<Variable> params = new ArrayList<>();
    if (m.tangent() != null) {
      codes.add(m.tangent().body());
      params.addAll(m.tangent().params());
    }
    if (m.hvp() != null) {
      codes.add(m.hvp().forward());
      codes.add(m.hvp().backward());
    }
    if (m.ir() != null) {
      codes.add(RecordBoundary.of(m.ir()).unpack());
    }
    // No local of theirs may hide a class they refer to (a stack's DoubleStack, the user's records).
    Set<String> classNames = typeNames(params, codes);
    readsAssertions |= hasAssert(codes);
    return new ModeEmitter(source, generated, this::handle, this::partName, calls, classNames).add(m, type, step);
  }

  /**
   * The differentiated parameters as declared: a record differentiated component by component is
   * one ({@link RecordBoundary}).
   */
  static List<Variable> wrtSlots(IrMethod ir) {
    return RecordBoundary.of(ir).params(ir.wrtInOrder());
  }

  /** The gradient record's component of a differentiated parameter as declared ({@code dp} for record {@code p}). */
  static String gradientComponent(IrMethod ir, Variable p) {
    return GeneratedNames.gradientComponent(p.hint(),
        RecordBoundary.of(ir).params(ir.params()).stream().map(Variable::hint).toList());
  }

  private static List<Variable> allParams(Method m) {
    List<Variable> params = new ArrayList<>(m.ir().params());
    if (m.seed() != null) {
      params.add(m.seed());
    }
    return params;
  }

  /**
   * {@code checkFoo(args)}: the generated value at a point against the method's own, bit for bit,
   * and the generated gradient against centred differences of the method.
   */
  private MethodSpec check(Method m, ClassName record, OptionalDouble step) {
    IrMethod ir = m.ir();
    ClassName gradCheck = ClassName.get("dev.flatgrad.runtime", "GradCheck");
    // Names that would hide a class the method refers to are taken, then the parameters'.
    Set<String> used = new HashSet<>(List.of(gradCheck.simpleName(), record.simpleName(),
        JavaPrinter.className(source).topLevelClassName().simpleName()));
    RecordBoundary boundary = RecordBoundary.of(ir);
    List<Variable> params = boundary.params(allParams(m));
    Map<Variable, String> names = new java.util.LinkedHashMap<>();
    params.forEach(p -> names.put(p, Naming.fresh(p.hint(), used)));
    String grad = Naming.fresh("grad", used);
    String value = Naming.fresh("value", used);
    MethodSpec.Builder check =
        MethodSpec.methodBuilder(GeneratedNames.check(m.recordName()))
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(gradCheck.nestedClass("Report"))
            .addJavadoc(
                "Checks the value of {@link $T#$L} at this point against the method's own, bit for bit, and its gradient"
                    + " against centred differences of the method.\n",
                JavaPrinter.className(source), ir.name());
    for (Variable p : params) {
      check.addParameter(ParameterSpec.builder(JavaPrinter.typeName(p.type()), names.get(p)).build());
    }
    CodeBlock.Builder code = CodeBlock.builder();
    String args = params.stream().map(names::get).collect(Collectors.joining(", "));
    code.addStatement("$T $L = $L($L)", record, grad, ir.name(), args);
    List<Variable> declared = boundary.params(ir.params());
    code.addStatement("$T $L = $T.value($L.$L(), $L)", gradCheck.nestedClass("Value"), value, gradCheck, grad,
        GeneratedNames.VALUE, calls.original(source, ir, declared.stream().map(names::get).toList()));
    List<String> wrappers = new ArrayList<>();
    List<CodeBlock> callArgs = new ArrayList<>();
    for (Variable p : declared) {
      Optional<Unpacked> unpacked = boundary.records().stream().filter(u -> u.record() == p).findFirst();
      if (unpacked.isPresent()) {
        // Each component checked as a parameter of its own, the method called on a record of them.
        Map<Variable, String> values = new java.util.HashMap<>();
        RecordBoundary.paths(unpacked.get()).forEach((leaf, path) -> {
          if (!leaf.type().isDifferentiable()) {
            return; // passed through: the record is built with it as it is
          }
          String wrapper = Naming.fresh(p.hint() + camel(path) + "Param", used);
          code.addStatement("$T $L = $T.$L($S, $L, $L.$L()$L)", gradCheck.nestedClass(checkKind(leaf)), wrapper, gradCheck,
              checkKind(leaf).toLowerCase(), p.hint() + "." + String.join(".", path), names.get(p) + accessors(path),
              grad, gradientComponent(ir, p), accessors(path));
          wrappers.add(wrapper);
          values.put(leaf, wrapper + "." + GeneratedNames.VALUE + "()");
        });
        callArgs.add(construct(unpacked.get(), values, names.get(p)));
      } else if (!ir.wrt().contains(p)) {
        callArgs.add(CodeBlock.of("$L", names.get(p)));
      } else {
        String wrapper = Naming.fresh(p.hint() + "Param", used);
        code.addStatement("$T $L = $T.$L($S, $L, $L.$L())", gradCheck.nestedClass(checkKind(p)), wrapper, gradCheck,
            checkKind(p).toLowerCase(), p.hint(), names.get(p), grad, GeneratedNames.gradientComponent(ir, p));
        wrappers.add(wrapper);
        callArgs.add(CodeBlock.of("$L.$L()", wrapper, GeneratedNames.VALUE));
      }
    }
    CodeBlock call = calls.originalOf(source, ir, callArgs);
    if (m.seed() != null) {
      call = CodeBlock.of("$T.project($L, $L)", gradCheck, call, names.get(m.seed()));
    }
    code.addStatement("return $T.check($L$L, () -> $L$L)", gradCheck, options(step), value, call,
        wrappers.isEmpty() ? "" : ", " + String.join(", ", wrappers));
    check.addCode(code.build());
    return check.build();
  }

  /** The {@code GradCheck} wrapper of a differentiated parameter of this type: {@code Scalar}, {@code Vector}... */
  private static String checkKind(Variable p) {
    return switch (p.type().rank()) {
      case 0 -> "Scalar";
      case 1 -> "Vector";
      case 2 -> "Matrix";
      default -> "Matrices";
    };
  }

  /** The accessor calls that read a component along {@code path}: {@code .layer().W()}. */
  static String accessors(List<String> path) {
    return path.stream().map(c -> "." + c + "()").collect(Collectors.joining());
  }

  /** The path as one name's tail: {@code LayerW} for {@code layer.W}. */
  static String camel(List<String> path) {
    return path.stream().map(c -> Character.toUpperCase(c.charAt(0)) + c.substring(1)).collect(Collectors.joining());
  }

  /**
   * {@code new Params(a, new Layer(b, c), p.ids())}: record {@code u} built of each component's
   * {@code values}, a component passed through read from record {@code holder} as it is.
   */
  static CodeBlock construct(Unpacked u, Map<Variable, String> values, String holder) {
    List<CodeBlock> args = new ArrayList<>();
    for (Unpacked.Part p : u.parts()) {
      String read = holder + "." + p.component() + "()";
      args.add(p.passedThrough() ? CodeBlock.of("$L", read)
          : p.leaf() != null ? CodeBlock.of("$L", values.get(p.leaf())) : construct(p.nested(), values, read));
    }
    return CodeBlock.of("new $T($L)", JavaPrinter.className(u.type()), CodeBlock.join(args, ", "));
  }

  /**
   * The options argument of a check, with its comma, where {@code @CheckInputs} sets a step: {@code
   * GradCheck.Options.defaults().withStep(0.001), }; nothing where it does not.
   */
  static CodeBlock options(OptionalDouble step) {
    return step.isPresent()
        ? CodeBlock.of("$T.defaults().withStep($L), ", ClassName.get("dev.flatgrad.runtime", "GradCheck", "Options"),
            step.getAsDouble())
        : CodeBlock.of("");
  }

  private ClassName generated(String nested) {
    return JavaPrinter.className(generated).nestedClass(nested);
  }

  public JavaFile build() {
    calls.addTo(type);
    if (readsAssertions) {
      // As javac's own flag for the user's class: its top-level class's status, read once.
      type.addField(FieldSpec.builder(boolean.class, assertions(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.class.desiredAssertionStatus()", JavaPrinter.className(topLevel(source)))
          .build());
    }
    if (referenced.stream().anyMatch(auxiliary::contains)) {
      // The user's file declares more than one class; this file uses one not named after it.
      type.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "auxiliaryclass")
          .build());
    }
    return JavaFile.builder(generated.packageName(), type.build())
        .indent("    ")
        .skipJavaLangImports(true)
        .build();
  }
}
