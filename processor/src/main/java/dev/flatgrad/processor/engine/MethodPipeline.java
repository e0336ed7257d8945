package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.body.MethodDeclaration;
import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.analyse.Checks;
import dev.flatgrad.processor.analyse.Planning;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.IrPrinter;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Fence;
import dev.flatgrad.processor.lower.GradientMethods;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.reverse.Gradient;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stages, in order, for one method: the fence ({@link Fence}: every unsupported construct,
 * reported at once) → lower ({@link Lowering}) → checks ({@link Aliasing},
 * {@link Checks}) → stage and record ({@link Planning}) → reverse ({@link Gradient}) → what the
 * class's emitter takes. The methods asked for beside the gradient (tangents, second derivatives)
 * follow from the lowered method ({@link ForwardModes}), second derivatives through the same
 * planning and reverse. With {@code dumpIr} the IR is printed after each stage.
 */
final class MethodPipeline {

  /** What one method contributes to its generated class. */
  record Output(GradClassEmitter.Method method, ModeEmitter.Methods modes, List<ClassContext.LocalField> copied,
      List<String> dumps) {}

  private final ClassContext cls;
  private final RuleRegistry rules;
  private final Diagnostics diagnostics;
  private final ClassRef generated;
  private final Engine.Options options;
  private final List<String> dumps = new ArrayList<>();

  MethodPipeline(ClassContext cls, RuleRegistry rules, Diagnostics diagnostics, ClassRef generated, Engine.Options options) {
    this.cls = cls;
    this.rules = rules;
    this.diagnostics = diagnostics;
    this.generated = generated;
    this.options = options;
  }

  Optional<Output> run(MethodDeclaration declaration, GradientMethods.Entry entry) {
    UserMethods users = new UserMethods(cls, rules.calls());
    Fence fence = Fence.of(declaration);
    fence.problems().forEach(diagnostics::error);
    Optional<Lowering.Lowered> lowered = new Lowering(cls, users, diagnostics, generated).lower(declaration, fence);
    if (lowered.isEmpty()) {
      return Optional.empty();
    }
    IrMethod ir = lowered.get().method();
    dump("lower", ir);
    Differentiation diff = new Differentiation(rules, users);
    Activity activity = Activity.of(ir, diff);
    List<Problem> problems = checks(ir, diff);
    if (!problems.isEmpty()) {
      problems.forEach(diagnostics::error);
      return Optional.empty();
    }
    Gradient.Reversed reversed = reverse(ir, diff, ir.name());
    ModeEmitter.Methods modes = new ForwardModes(users, diff, this::reverse).build(ir, activity, entry);
    GradClassEmitter.Method method =
        new GradClassEmitter.Method(reversed.ir(), entry.recordName(), reversed.forward(), reversed.backward(),
            reversed.gradients(), reversed.value(), reversed.seed(), reversed.active());
    return Optional.of(new Output(method, modes, lowered.get().copiedConstants(), List.copyOf(dumps)));
  }

  /** Stage 2's checks: writes through shared or parameter arrays, calls a gradient cannot pass. */
  private static List<Problem> checks(IrMethod ir, Differentiation diff) {
    List<Problem> problems = new ArrayList<>(Aliasing.check(ir));
    problems.addAll(Checks.of(ir, diff, Activity.assumingCallsDifferentiable(ir, diff)));
    return problems;
  }

  /** Stage 2 (staging, recording) and stage 4 (reverse) of the gradient of {@code ir}. */
  private Gradient.Reversed reverse(IrMethod ir, Differentiation diff, String label) {
    Planning.Planned planned = Planning.of(ir, diff, (stage, after) -> dump(stage, label, after));
    Gradient.Reversed reversed = Gradient.of(planned, diff);
    if (options.dumpIr()) {
      dumps.add("== " + label + " after reverse\n" + IrPrinter.print(reversed.forward()) + "----\n"
          + IrPrinter.print(reversed.backward()));
    }
    return reversed;
  }

  private void dump(String stage, IrMethod ir) {
    dump(stage, ir.name(), ir);
  }

  private void dump(String stage, String label, IrMethod ir) {
    if (options.dumpIr()) {
      dumps.add("== " + label + " after " + stage + "\n" + IrPrinter.print(ir.body().stmts()));
    }
  }
}
