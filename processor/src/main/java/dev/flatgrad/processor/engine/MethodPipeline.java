package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.body.MethodDeclaration;
import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.analyse.Checks;
import dev.flatgrad.processor.analyse.Recording;
import dev.flatgrad.processor.analyse.Renaming;
import dev.flatgrad.processor.analyse.SavePlan;
import dev.flatgrad.processor.analyse.Staging;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.BackwardReads;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ForwardValues;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.IrPrinter;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.GradientMethods;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.reverse.DefiniteAssignment;
import dev.flatgrad.processor.reverse.ForwardSweep;
import dev.flatgrad.processor.reverse.Reverser;
import dev.flatgrad.processor.rules.RuleRegistry;
import dev.flatgrad.processor.simplify.BranchAssignments;
import dev.flatgrad.processor.simplify.CommonBranchCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stages, in order, for one method: lower → check → activity → stage → record (renaming
 * straight-line overwrites until none is left) → forward sweep and reverse → emit. Each stage
 * is a small class of its own; with {@code dumpIr} the IR is printed after each. The methods asked
 * for beside the gradient (tangents, second derivatives) follow from the lowered method ({@link
 * ForwardModes}), second derivatives through the same reverse stages.
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
    Optional<Lowering.Lowered> lowered =
        new Lowering(cls, users, diagnostics, generated).lower(declaration);
    if (lowered.isEmpty()) {
      return Optional.empty();
    }
    IrMethod ir = lowered.get().method();
    dump("lower", ir);
    Differentiation diff = new Differentiation(rules, users);
    Activity activity = Activity.of(ir, diff);
    List<Problem> problems = new ArrayList<>(Aliasing.check(ir));
    problems.addAll(Checks.of(ir, diff, Activity.assumingCallsDifferentiable(ir, diff)));
    if (!problems.isEmpty()) {
      problems.forEach(diagnostics::error);
      return Optional.empty();
    }
    Reversed reversed = reverse(ir, diff, ir.name());
    GradClassEmitter.Method method =
        new GradClassEmitter.Method(reversed.ir(), entry.recordName(), reversed.forward(), reversed.backward(),
            reversed.gradients(), reversed.value(), reversed.seed(), reversed.active());
    ModeEmitter.Methods modes = new ForwardModes(users, diff, this::reverse).build(ir, activity, entry);
    return Optional.of(new Output(method, modes, lowered.get().copiedConstants(), List.copyOf(dumps)));
  }

  /**
   * What the reverse stages make of a method: the IR they ended with (staged, renamed), the
   * forward and backward code, the gradient of each {@code wrt} parameter, the variable holding
   * the value, the upstream gradient parameter of an array result, and the active variables.
   */
  record Reversed(IrMethod ir, List<Stmt> forward, List<Stmt> backward, Map<Variable, Expr> gradients,
      Variable value, Variable seed, Set<Variable> active) {}

  /** Stage, record (renaming until nothing is left to rename), forward sweep and reverse. */
  private Reversed reverse(IrMethod ir, Differentiation diff, String label) {
    Activity activity = Activity.of(ir, diff);
    ir = ir.withBody(new Staging(diff, activity).stage(ir.body()));
    dump("stage", label, ir);
    SavePlan plan;
    while (true) {
      activity = Activity.of(ir, diff);
      Recording.Result recorded =
          Recording.of(ir, new BackwardReads(diff, activity, ForwardValues.of(ir)), new Staging(diff, activity));
      if (recorded.renameable().isEmpty()) {
        plan = recorded.plan();
        break;
      }
      ir = Renaming.apply(ir, recorded.renameable());
      dump("rename", label, ir);
    }
    List<Stmt> forward = ForwardSweep.build(ir, plan);
    Variable seed = null;
    Expr seedValue = Expr.Const.ofDouble(1.0);
    if (ir.returnType().isArray()) {
      seed = Variable.parameter("dout", ir.returnType());
      seedValue = new Expr.Ref(seed);
    }
    Reverser.Backward backward =
        new Reverser(diff, activity, plan, ForwardValues.of(ir)).reverse(ir.body(), ir.output(), seedValue, ir.wrtInOrder());
    List<Stmt> backwardCode = new ArrayList<>(BranchAssignments.apply(CommonBranchCode.apply(backward.code())));
    for (Variable stack : plan.stacks) {
      backwardCode.add(Tapes.release(stack));
    }
    Variable value = ir.output();
    Expr kept = keptValue(value, forward, backward.code());
    if (kept != null) {
      Variable copy = Variable.temp("value", value.type());
      forward.add(new Stmt.Assign(copy, null, kept, true, Pos.NONE));
      value = copy;
    }
    Set<Variable> unassigned = DefiniteAssignment.readUnassigned(forward, backwardCode);
    forward = DefiniteAssignment.initialize(forward, unassigned);
    backwardCode = DefiniteAssignment.initialize(backwardCode, unassigned);
    if (options.dumpIr()) {
      dumps.add("== " + label + " after reverse\n" + IrPrinter.print(forward) + "----\n"
          + IrPrinter.print(backward.code()));
    }
    return new Reversed(ir, forward, backwardCode, backward.gradients(), value, seed, activity.active());
  }

  /**
   * What the result must be kept as before the backward pass runs, if that pass changes it: the
   * output variable's value when the pass restores the variable, a copy of the array when it
   * restores elements (or rows) of it, or of an array it may be, in place; null if the pass leaves
   * it alone.
   */
  private static Expr keptValue(Variable output, List<Stmt> forward, List<Stmt> backward) {
    Set<Variable> shared = Aliasing.mayShareWith(output, forward);
    boolean[] reassigned = {false};
    boolean[] written = {false};
    for (Stmt s : backward) {
      Stmts.walk(s, x -> {
        reassigned[0] |= x instanceof Stmt.Assign a && a.target() == output;
        written[0] |= x instanceof Stmt.Store st && shared.contains(st.array());
      });
    }
    if (written[0]) {
      return NdCalls.copy(new Expr.Ref(output));
    }
    return reassigned[0] ? new Expr.Ref(output) : null;
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
