package dev.flatgrad.processor.engine;

import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.analyse.Checks;
import dev.flatgrad.processor.analyse.Planning;
import dev.flatgrad.processor.analyse.SavePlan;
import dev.flatgrad.processor.analyse.StabilisingShifts;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ForwardValues;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.IrPrinter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.UserMethod;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.reverse.Accumulation;
import dev.flatgrad.processor.reverse.DeadStores;
import dev.flatgrad.processor.reverse.DefiniteAssignment;
import dev.flatgrad.processor.reverse.ForwardSweep;
import dev.flatgrad.processor.reverse.FusedLoops;
import dev.flatgrad.processor.reverse.Gradient;
import dev.flatgrad.processor.reverse.Reverser;
import dev.flatgrad.processor.reverse.UnreadTapes;
import dev.flatgrad.processor.rules.RuleRegistry;
import dev.flatgrad.processor.simplify.BackwardSimplification;
import dev.flatgrad.processor.simplify.Style;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stages, in order, for one method, after its fence ({@link Fence}, run by {@link
 * ClassPipeline}): lower ({@link Lowering}) → checks ({@link Aliasing}, {@link Checks}) → stage and
 * record ({@link Planning}) → reverse ({@link Gradient}) → style ({@link Style}, on the backward
 * code) → what the class's emitter takes. The methods asked for beside the gradient (tangents, second derivatives)
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

  /** The stages after the fence, which has reported its problems. */
  Optional<Output> run(GradientMethods.Entry entry, Fence fence) {
    UserMethods users = new UserMethods(cls, rules.calls());
    Optional<Lowering.Lowered> lowered = new Lowering(cls, users, diagnostics, generated).lower(entry.method(), fence);
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
    boolean withPullback =
        UserMethod.pullbackApplies(ir.returnType(), ir.wrtInOrder().stream().map(Variable::type).toList());
    Planning.Planned planned = plan(StabilisingShifts.apply(ir), diff, ir.name());
    Gradient.Reversed reversed = withoutDeadStores(reverse(planned, diff, ir.name()));
    GradClassEmitter.Pullback pullback = withPullback ? pullback(planned, diff) : null;
    ModeEmitter.Methods modes = new ForwardModes(users, diff, this::reverse).build(ir, activity, entry);
    GradClassEmitter.Method method =
        new GradClassEmitter.Method(reversed.ir(), entry.recordName(), reversed.forward(), reversed.backward(),
            reversed.gradients(), reversed.value(), reversed.seed(), reversed.active(), pullback);
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
    return reverse(plan(ir, diff, label), diff, label);
  }

  private Planning.Planned plan(IrMethod ir, Differentiation diff, String label) {
    return Planning.of(ir, diff, (stage, after) -> dump(stage, label, after));
  }

  private Gradient.Reversed reverse(Planning.Planned planned, Differentiation diff, String label) {
    Gradient.Reversed reversed = style(Gradient.of(planned, diff));
    if (options.dumpIr()) {
      dumps.add("== " + label + " after reverse\n" + IrPrinter.print(reversed.forward()) + "----\n"
          + IrPrinter.print(reversed.backward()));
    }
    return reversed;
  }

  /**
   * The gradient method's code without what nothing it returns reads ({@link DeadStores}): its
   * value and gradients. Not inside {@link Gradient}, whose result the H·v method reads further.
   */
  private static Gradient.Reversed withoutDeadStores(Gradient.Reversed r) {
    Set<Variable> returned = new HashSet<>(Set.of(r.value()));
    r.gradients().values().forEach(g -> returned.addAll(Exprs.reads(g)));
    DeadStores.Passes live = DeadStores.remove(r.forward(), r.backward(), returned);
    return new Gradient.Reversed(r.ir(), live.forward(), live.backward(), r.gradients(), r.value(), r.seed(),
        r.active());
  }

  /**
   * The style pass ({@link Style}) over the finished backward code; the forward code is the
   * user's, as written.
   */
  private static Gradient.Reversed style(Gradient.Reversed r) {
    Map<Variable, Expr> gradients = new LinkedHashMap<>();
    r.gradients().forEach((p, g) -> gradients.put(p, Style.apply(g)));
    return new Gradient.Reversed(r.ir(), r.forward(), Style.apply(r.backward()), gradients, r.value(),
        r.seed(), r.active());
  }

  /**
   * The pullback of a method with a scalar result: the backward pass seeded with {@code dout},
   * adding into the caller's arrays, if it only ever adds into them ({@link Accumulation});
   * otherwise without code, to add what the gradient method returns.
   */
  private static GradClassEmitter.Pullback pullback(Planning.Planned planned, Differentiation diff) {
    IrMethod ir = planned.ir();
    SavePlan plan = planned.plan();
    Variable dout = Variable.parameter("dout", ir.returnType());
    Reverser.Backward backward = new Reverser(diff, planned.activity(), plan, ForwardValues.of(ir))
        .reverse(ir.body(), ir.output(), new Expr.Ref(dout), ir.wrtInOrder(), Set.copyOf(ir.wrtInOrder()));
    List<Variable> accumulators = new ArrayList<>();
    boolean allAdjoints = true;
    for (Variable p : ir.wrtInOrder()) {
      if (backward.gradients().get(p) instanceof Expr.Ref ref) {
        accumulators.add(ref.var());
      } else {
        // A gradient that is no adjoint variable (zeros where nothing reaches the parameter):
        // the pullback adds what the gradient method returns.
        accumulators.add(Variable.parameter(Hints.adjoint(p.hint()), p.type()));
        allAdjoints = false;
      }
    }
    List<Stmt> backwardCode = new ArrayList<>(BackwardSimplification.apply(backward.code()));
    if (!allAdjoints || !Accumulation.addsOnly(backwardCode, Set.copyOf(accumulators))) {
      return new GradClassEmitter.Pullback(dout, accumulators, null, null);
    }
    // Styled before fusing, as in Gradient: a fused trip's backward code lands in the forward pass.
    UnreadTapes.Untaped untaped = UnreadTapes.remove(ForwardSweep.build(ir, plan), Style.apply(backwardCode),
        plan.stacks, Set.copyOf(accumulators));
    FusedLoops.Fused fused = FusedLoops.apply(untaped.forward(), untaped.backward(), untaped.stacks());
    List<Stmt> forward = fused.forward();
    backwardCode = new ArrayList<>(fused.backward());
    for (Variable stack : fused.stacks()) {
      backwardCode.add(Tapes.release(stack));
    }
    // A pullback returns no value: what only led to it goes.
    DeadStores.Passes live = DeadStores.remove(forward, backwardCode, Set.copyOf(accumulators));
    forward = live.forward();
    backwardCode = live.backward();
    Set<Variable> unassigned = DefiniteAssignment.readUnassigned(forward, backwardCode);
    return new GradClassEmitter.Pullback(dout, accumulators,
        DefiniteAssignment.initialize(forward, unassigned),
        Style.apply(DefiniteAssignment.initialize(backwardCode, unassigned)));
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
