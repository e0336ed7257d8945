package dev.flatgrad.maven.check;

import com.github.javaparser.StaticJavaParser;
import dev.flatgrad.maven.sources.ClasspathSymbols;
import dev.flatgrad.maven.sources.DifferentiableMethod;
import dev.flatgrad.maven.sources.DifferentiableMethods;
import dev.flatgrad.maven.sources.SourceFile;
import dev.flatgrad.maven.sources.SourceTree;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.runtime.GradCheck;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work of the {@code check} goal, without Maven: finds the {@code @Differentiable} methods in
 * the sources, and for each one that declares {@code @CheckInputs}, draws its inputs, asks the
 * generated gradient class for the analytic gradient, and compares it entry by entry with centred
 * differences of the original method ({@link GradCheck}). User code runs in a class loader of its
 * own, made from the project's classes and classpath.
 */
public final class CheckRunner {

  /** Runs the check {@code request} asks for. */
  public CheckResult run(CheckRequest request) throws IOException {
    List<SourceFile> files = SourceTree.scan(request.sourceRoots(), List.of(), request.encoding());
    List<DifferentiableMethod> methods = DifferentiableMethods.find(files, request.release());
    MethodFilter filter = new MethodFilter(request.methods());
    List<CheckResult.Outcome> outcomes = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader("flatgrad-check",
        ClasspathSymbols.urls(request.classpath()), ClassLoader.getPlatformClassLoader())) {
      for (DifferentiableMethod m : methods) {
        if (!m.hasGradient()) {
          outcomes.add(new CheckResult.Ignored(m));
        } else if (!filter.selects(m)) {
          outcomes.add(new CheckResult.NotSelected(m));
        } else {
          outcomes.add(check(m, loader, request));
        }
      }
    }
    return new CheckResult(request, outcomes);
  }

  /** A record, class, interface or enum of the user's (settings flatgrad never differentiates), a String. */
  private static boolean isObject(DifferentiableMethod.Param p) {
    try {
      return p.type().isEmpty() && GradientMethods.typeOf(StaticJavaParser.parseType(p.declared()))
          .filter(Type::isObject).isPresent();
    } catch (com.github.javaparser.ParseProblemException e) {
      return false;
    }
  }

  private CheckResult.Outcome check(DifferentiableMethod m, ClassLoader loader, CheckRequest request) {
    Optional<DifferentiableMethod.Param> object = m.params().stream().filter(CheckRunner::isObject).findFirst();
    String callInATest = ": call " + m.generatedClassName() + ".check"
        + Character.toUpperCase(m.name().charAt(0)) + m.name().substring(1) + " with one in a test";
    if (object.isPresent()) {
      return new CheckResult.Unchecked(m, "parameter " + object.get().name() + " is an object ("
          + object.get().declared() + "), which the check cannot make" + callInATest);
    }
    Optional<DifferentiableMethod.Param> chars = m.params().stream()
        .filter(p -> p.type().filter(t -> t.prim() == Type.Prim.CHAR).isPresent()).findFirst();
    if (chars.isPresent()) {
      // @CheckInputs has no spelling of characters: text to draw them from is the user's to choose.
      return new CheckResult.Unchecked(m, "parameter " + chars.get().name() + " is a " + chars.get().declared()
          + ", which @CheckInputs cannot declare" + callInATest);
    }
    if (m.inputs().isEmpty()) {
      return new CheckResult.Unchecked(m, "no @CheckInputs");
    }
    InputPlan plan;
    try {
      plan = InputPlan.of(m);
    } catch (InputPlan.Invalid e) {
      return new CheckResult.Broken(m, m.location(m.inputs().get().pos()),
          e.problems().stream().map(p -> "@CheckInputs: " + p).toList());
    }
    String at = m.location(m.pos());
    Optional<Type> result = m.result();
    if (result.isEmpty() || !result.get().isDifferentiable()) {
      return new CheckResult.Unchecked(m, "returns " + result.map(Type::toString).orElse("a type flatgrad does not support"));
    }
    List<Class<?>> paramClasses = new ArrayList<>();
    m.params().forEach(p -> paramClasses.add(InputPlan.javaClass(p.type().orElseThrow())));
    Method original;
    Method generated;
    try {
      Class<?> owner = Class.forName(m.ownerBinaryName(), false, loader);
      original = owner.getDeclaredMethod(m.name(), paramClasses.toArray(Class<?>[]::new));
      original.setAccessible(true);
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return new CheckResult.Broken(m, at, List.of("the compiled class " + m.ownerBinaryName()
          + " or its method " + m.name() + " is not in the build's output: compile the project before the check"));
    }
    if (!Modifier.isStatic(original.getModifiers())) {
      return new CheckResult.Unchecked(m, "an instance method: the check cannot make the object it runs on");
    }
    List<Class<?>> gradParams = new ArrayList<>(paramClasses);
    if (result.get().isArray()) {
      gradParams.add(InputPlan.javaClass(result.get()));
    }
    try {
      Class<?> grad = Class.forName(m.generatedClassName(), false, loader);
      generated = grad.getDeclaredMethod(m.name(), gradParams.toArray(Class<?>[]::new));
    } catch (ClassNotFoundException | LinkageError e) {
      return new CheckResult.Broken(m, at, List.of("the generated class " + m.generatedClassName()
          + " is not in the build's output: add flatgrad-processor to the compiler's annotationProcessorPaths,"
          + " or run the plugin's generate goal"));
    } catch (NoSuchMethodException e) {
      return new CheckResult.Broken(m, at, List.of(m.generatedClassName() + " has no method " + m.name()
          + gradParams.stream().map(Class::getSimpleName).toList().toString().replace('[', '(').replace(']', ')')
          + ": it was generated from another version of the source; rebuild"));
    }
    List<String> names = m.params().stream().map(DifferentiableMethod.Param::name).toList();
    GradientSource source = new GeneratedGradient(generated, names);
    try {
      return numericCheck(m, plan, original, source, request, generated);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new CheckResult.Broken(m, at, List.of("threw " + cause + " on the inputs of @CheckInputs"
          + (cause instanceof IllegalArgumentException ? ": do the declared shapes fit together?" : "")));
    } catch (RuntimeException | LinkageError e) {
      return new CheckResult.Broken(m, at, List.of("could not be checked: " + e));
    }
  }

  private static CheckResult.Outcome numericCheck(DifferentiableMethod m, InputPlan plan, Method original,
      GradientSource source, CheckRequest request, Method generated) throws InvocationTargetException {
    Object[] args = plan.arguments();
    Object expected = invoke(original, GeneratedGradient.copies(args));
    Object dout = null;
    if (m.result().orElseThrow().isArray()) {
      dout = plan.dout(expected);
    }
    GradientSource.Computed computed = source.compute(args, dout);
    Map<String, Object> analytic = computed.gradient();
    if (analytic.isEmpty()) {
      return new CheckResult.Unchecked(m, "no parameter is differentiated");
    }
    List<GradCheck.Param> params = new ArrayList<>();
    GradCheck.Param[] byIndex = new GradCheck.Param[args.length];
    for (int k = 0; k < args.length; k++) {
      String name = m.params().get(k).name();
      Object a = analytic.get(name);
      if (a == null) {
        continue;
      }
      GradCheck.Param p = switch (m.params().get(k).type().orElseThrow().rank()) {
        case 0 -> GradCheck.scalar(name, (Double) args[k], (Double) a);
        case 1 -> GradCheck.vector(name, (double[]) args[k], (double[]) a);
        case 2 -> GradCheck.matrix(name, (double[][]) args[k], (double[][]) a);
        default -> GradCheck.matrices(name, (double[][][]) args[k], (double[][][]) a);
      };
      params.add(p);
      byIndex[k] = p;
    }
    Object projection = dout;
    InvocationTargetException[] thrown = {null};
    GradCheck.Objective objective = () -> {
      Object[] call = new Object[args.length];
      for (int k = 0; k < args.length; k++) {
        call[k] = byIndex[k] instanceof GradCheck.Scalar s ? (Object) s.value() : InputPlan.copy(args[k]);
      }
      try {
        Object out = invoke(original, call);
        return projection == null ? (Double) out
            : out instanceof double[] v ? GradCheck.project(v, (double[]) projection)
            : GradCheck.project((double[][]) out, (double[][]) projection);
      } catch (InvocationTargetException e) {
        thrown[0] = e;
        throw new IllegalStateException(e);
      }
    };
    GradCheck.Options options = GradCheck.Options.defaults().withTolerance(request.tolerance())
        .withStep(m.inputs().orElseThrow().step().orElse(request.step()));
    if (request.sample() > 0) {
      options = options.withSample(request.sample(), m.inputs().orElseThrow().seed());
    }
    GradCheck.Report report;
    try {
      report = GradCheck.check(options, value(computed.value(), expected), objective,
          params.toArray(GradCheck.Param[]::new));
    } catch (IllegalStateException e) {
      if (thrown[0] != null) {
        throw thrown[0];
      }
      throw e;
    }
    List<GradCheck.Row> rows = new ArrayList<>(report.rows());
    rows.addAll(new ForwardCheck(m, original, generated, List.copyOf(analytic.keySet()), options)
        .rows(args, dout, m.inputs().orElseThrow().seed()));
    return new CheckResult.Checked(m, rows, plan.toString());
  }

  /** The generated value beside the original method's, to compare bit for bit. */
  private static GradCheck.Value value(Object generated, Object original) {
    if (original instanceof double[] v) {
      return GradCheck.value((double[]) generated, v);
    }
    if (original instanceof double[][] m) {
      return GradCheck.value((double[][]) generated, m);
    }
    return GradCheck.value((Double) generated, (Double) original);
  }

  private static Object invoke(Method method, Object[] args) throws InvocationTargetException {
    try {
      return method.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method + " with " + Arrays.toString(args), e);
    }
  }
}
