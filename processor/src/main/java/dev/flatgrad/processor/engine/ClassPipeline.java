package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.palantir.javapoet.JavaFile;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.CheckStep;
import dev.flatgrad.processor.fence.ClassFence;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.fence.SourceSpellings;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.CopiedConstants;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stages, in order, for one class, as {@link MethodPipeline} is for one method: the class fence
 * ({@link ClassFence}: entries, signatures, recursion) → for each method with a gradient, its fence
 * ({@link Fence}) and its pipeline ({@link MethodPipeline}, or {@link CustomGradients} for
 * hand-written gradients) → the private constants they read ({@link CopiedConstants}) → emission
 * ({@link ClassEmission}) → the methods' reports ({@link MethodReports}). A problem in user code is
 * reported and the class is not generated; an exception in a stage is reported on its method as a
 * bug in flatgrad, and the next method goes on.
 */
final class ClassPipeline {

  /** What one class gives: its generated file unless it has problems, the IR dumps, the reports. */
  record Output(Optional<JavaFile> file, List<String> dumps, List<MethodReport> reports) {
    static final Output NONE = new Output(Optional.empty(), List.of(), List.of());
  }

  /** One method after its pipeline: what its generated class takes, or empty if it has problems. */
  record Differentiated(GradientMethods.Entry entry, Optional<MethodPipeline.Output> output) {}

  private final CompilationUnit unit;
  private final ClassEmission.Source source;
  private final Symbols symbols;
  private final RuleRegistry rules;
  private final Diagnostics diagnostics;
  private final Engine.Options options;

  ClassPipeline(CompilationUnit unit, ClassEmission.Source source, Symbols symbols, RuleRegistry rules,
      Diagnostics diagnostics, Engine.Options options) {
    this.unit = unit;
    this.source = source;
    this.symbols = symbols;
    this.rules = rules;
    this.diagnostics = diagnostics;
    this.options = options;
  }

  Output run(TypeDeclaration<?> type) {
    ClassFence fence = ClassFence.of(type);
    // Any problem, the class's own too, keeps the class from being written: a class written without
    // the method a problem leaves out (or with two records of one name) would not compile, and
    // javac's errors on it would bury flatgrad's.
    int errorsBefore = diagnostics.errorCount();
    fence.problems().forEach(diagnostics::error);
    if (fence.entries().isEmpty()) {
      return Output.NONE;
    }
    fence.recursion().forEach(diagnostics::error);
    ClassContext cls = ClassContext.of(unit, type, symbols);
    ClassRef generated = Engine.generatedName(cls.self());
    List<Differentiated> methods = new ArrayList<>();
    for (GradientMethods.Entry entry : fence.entries()) {
      methods.add(new Differentiated(entry, guarded(entry.method(), () -> differentiate(cls, generated, entry))));
    }
    ClassEmission emission = new ClassEmission(cls, generated, source, fence.entries(), options.markGenerated());
    List<MethodReports.Emitted> emitted =
        emit(methods, new CopiedConstants(cls, new UserMethods(cls, rules.calls()), diagnostics, generated), emission);
    List<MethodReport> reports = options.reports() ? MethodReports.of(cls, generated, source, emitted) : List.of();
    List<String> dumps = methods.stream().flatMap(d -> d.output().stream()).flatMap(o -> o.dumps().stream()).toList();
    boolean generate = diagnostics.errorCount() == errorsBefore;
    return new Output(generate ? Optional.of(emission.build()) : Optional.empty(), dumps, reports);
  }

  /** A method's fence and pipeline: what its generated class takes, once both pass. */
  private Optional<MethodPipeline.Output> differentiate(ClassContext cls, ClassRef generated, GradientMethods.Entry entry) {
    Fence fence = Fence.of(entry);
    // Named as the user wrote them: b.w(), not the bW a record local was split into.
    Diagnostics spelled = diagnostics.worded((pos, message) -> SourceSpellings.apply(entry.method(), pos.line(), message));
    fence.problems().forEach(spelled::error);
    if (entry.isCustom()) {
      return fence.problems().isEmpty()
          ? Optional.of(new MethodPipeline.Output(CustomGradients.build(cls, entry), ModeEmitter.Methods.NONE,
              List.of(), List.of()))
          : Optional.empty();
    }
    return new MethodPipeline(cls, rules, spelled, generated, options).run(entry, fence);
  }

  /** Each method that passed, with the constants it reads, into the generated class. */
  private List<MethodReports.Emitted> emit(List<Differentiated> methods, CopiedConstants constants,
      ClassEmission emission) {
    List<MethodReports.Emitted> emitted = new ArrayList<>();
    for (Differentiated d : methods) {
      MethodDeclaration m = d.entry().method();
      d.output().flatMap(out -> guarded(m, () -> Optional.of(
              emission.add(d.entry(), out, constants.of(out.copied()), CheckStep.of(m)))))
          .ifPresent(emitted::add);
    }
    return emitted;
  }

  /**
   * Runs a stage on one method: a problem it throws is reported; any other exception is a bug in
   * flatgrad, reported on the method (with its stack trace under {@code -Dflatgrad.debug=true}).
   */
  private <T> Optional<T> guarded(MethodDeclaration m, Supplier<Optional<T>> stage) {
    try {
      return stage.get();
    } catch (Problem p) {
      diagnostics.error(p);
    } catch (RuntimeException internal) {
      if (Boolean.getBoolean("flatgrad.debug")) {
        internal.printStackTrace();
      }
      diagnostics.error(Nodes.pos(m), Tag.INTERNAL, "flatgrad failed on " + m.getNameAsString() + " (" + internal
          + "); this is a bug in flatgrad, please report it with the method's source");
    }
    return Optional.empty();
  }
}
