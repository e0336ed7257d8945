package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.naming.GeneratedNames;
import dev.flatgrad.processor.naming.Naming;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Calls of the user's methods from generated code, which is another class: a private method (a
 * helper without a gradient, or the method itself in its check) is called through a bridge of
 * nested class {@code Private} of the generated class, {@code Private.sigmoid(z)}, which invokes a
 * {@code static final MethodHandle} made by the runtime's {@code PrivateMethods} (inlined by the
 * JIT like a direct call); any other method directly.
 */
final class PrivateCalls {

  private static final ClassName PRIVATE_METHODS = ClassName.get("dev.flatgrad.runtime", "PrivateMethods");

  /** One bridge: the user's method it calls and the handle it calls it through. */
  private record Bridge(Callee callee, boolean instance, List<String> paramNames, String handle) {}

  private final ClassRef generated;
  private final Function<Callee, Optional<List<String>>> privateMethods;
  private final UnaryOperator<String> partName;
  private final Map<String, Bridge> bridges = new LinkedHashMap<>();
  private final Set<String> handleNames = new HashSet<>();
  private String holder;

  /**
   * @param privateMethods the parameter names of a private method of the user's, empty for any
   *     other method
   * @param partName a name for a nested class, unlike any other of the generated class
   */
  PrivateCalls(ClassRef generated, Function<Callee, Optional<List<String>>> privateMethods,
      UnaryOperator<String> partName) {
    this.generated = generated;
    this.privateMethods = privateMethods;
    this.partName = partName;
  }

  /**
   * The call of {@code callee} on these arguments, {@code receiver} the object of an instance call
   * (null for a static one): {@code Foo.h(x)}, {@code self.h(x)}, or {@code Private.h(x)} and
   * {@code Private.h(self, x)} where {@code h} is private.
   */
  CodeBlock call(Callee callee, CodeBlock receiver, CodeBlock args) {
    Optional<List<String>> names = privateMethods.apply(callee);
    if (names.isEmpty()) {
      return receiver != null
          ? CodeBlock.of("$L.$L($L)", receiver, callee.name(), args)
          : CodeBlock.of("$T.$L($L)", JavaPrinter.className(callee.owner()), callee.name(), args);
    }
    bridge(callee, receiver != null, names.get());
    CodeBlock all = receiver == null ? args
        : args.isEmpty() ? receiver : CodeBlock.of("$L, $L", receiver, args);
    return CodeBlock.of("$T.$L($L)", holder(), callee.name(), all);
  }

  /**
   * The call of the differentiated method itself with these arguments (the first is the object,
   * for an instance method), as its check and its tangent's check make it.
   */
  CodeBlock original(ClassRef source, IrMethod ir, List<String> args) {
    return originalOf(source, ir, args.stream().map(a -> CodeBlock.of("$L", a)).toList());
  }

  /** {@link #original}, of arguments that name classes ({@code new Params(...)}). */
  CodeBlock originalOf(ClassRef source, IrMethod ir, List<CodeBlock> args) {
    boolean instance = ir.isInstance();
    List<Type> params = RecordBoundary.of(ir).params(ir.params()).stream().skip(instance ? 1 : 0).map(Variable::type)
        .toList();
    Callee callee = new Callee(source, ir.name(), params, ir.returnType(), Callee.Kind.DIFFERENTIABLE);
    CodeBlock receiver = instance ? args.get(0) : null;
    List<CodeBlock> rest = instance ? args.subList(1, args.size()) : args;
    return call(callee, receiver, CodeBlock.join(rest, ", "));
  }

  /** Adds class {@code Private}, if any call needed it, to the generated class. */
  void addTo(TypeSpec.Builder type) {
    if (bridges.isEmpty()) {
      return;
    }
    TypeSpec.Builder nested = TypeSpec.classBuilder(holder)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The private methods of the user's class that generated code calls, through method handles.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (Bridge b : bridges.values()) {
      nested.addField(handleField(b));
    }
    for (Bridge b : bridges.values()) {
      nested.addMethod(bridgeMethod(b));
    }
    type.addType(nested.build());
  }

  private ClassName holder() {
    if (holder == null) {
      holder = partName.apply("Private");
    }
    return JavaPrinter.className(generated).nestedClass(holder);
  }

  private void bridge(Callee callee, boolean instance, List<String> paramNames) {
    String key = callee.owner().qualifiedName() + "#" + callee.name() + callee.params() + instance;
    bridges.computeIfAbsent(key, k -> {
      String base = GeneratedNames.constantCase(callee.name());
      String name = base;
      for (int n = 2; !handleNames.add(name); n++) {
        name = base + n;
      }
      return new Bridge(callee, instance, paramNames, name);
    });
  }

  /** {@code static final MethodHandle SIGMOID = PrivateMethods.staticMethod(lookup(), Foo.class, "sigmoid", type)}. */
  private static FieldSpec handleField(Bridge b) {
    Callee c = b.callee();
    CodeBlock classes = CodeBlock.join(c.params().stream().map(t -> CodeBlock.of("$T.class", JavaPrinter.typeName(t)))
        .toList(), ", ");
    CodeBlock type = c.params().isEmpty()
        ? CodeBlock.of("$T.methodType($T.class)", MethodType.class, JavaPrinter.typeName(c.result()))
        : CodeBlock.of("$T.methodType($T.class, $L)", MethodType.class, JavaPrinter.typeName(c.result()), classes);
    return FieldSpec.builder(MethodHandle.class, b.handle(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.$L($T.lookup(), $T.class, $S, $L)", PRIVATE_METHODS,
            b.instance() ? "instanceMethod" : "staticMethod", MethodHandles.class,
            JavaPrinter.className(c.owner()), c.name(), type)
        .build();
  }

  /** {@code static double sigmoid(double z)}, calling the handle and rethrowing what the method throws as it is. */
  private MethodSpec bridgeMethod(Bridge b) {
    Callee c = b.callee();
    Set<String> used = new HashSet<>(handleNames); // a parameter must not hide a handle
    MethodSpec.Builder method = MethodSpec.methodBuilder(c.name()).addModifiers(Modifier.STATIC)
        .returns(JavaPrinter.typeName(c.result()));
    List<String> args = new ArrayList<>();
    if (b.instance()) {
      String self = Naming.fresh("self", used);
      method.addParameter(JavaPrinter.className(c.owner()), self);
      args.add(self);
    }
    for (int i = 0; i < c.params().size(); i++) {
      String name = Naming.fresh(b.paramNames().get(i), used);
      method.addParameter(JavaPrinter.typeName(c.params().get(i)), name);
      args.add(name);
    }
    String thrown = Naming.fresh("e", used);
    TypeName result = JavaPrinter.typeName(c.result());
    return method
        .beginControlFlow("try")
        .addStatement("return ($T) $L.invokeExact($L)", result, b.handle(), args.stream().collect(Collectors.joining(", ")))
        .nextControlFlow("catch ($T $L)", Throwable.class, thrown)
        .addStatement("throw $T.rethrow($L)", PRIVATE_METHODS, thrown)
        .endControlFlow()
        .build();
  }
}
