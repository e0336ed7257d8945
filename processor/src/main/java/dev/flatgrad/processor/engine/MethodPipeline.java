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
import dev.flatgrad.processor.emit.MethodSplit;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.IrPrinter;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.SwappedBuffers;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.reverse.Accumulation;
import dev.flatgrad.processor.reverse.ColumnSpreads;
import dev.flatgrad.processor.reverse.CopiesAtDeclaration;
import dev.flatgrad.processor.reverse.CountedTapes;
import dev.flatgrad.processor.reverse.DeadStores;
import dev.flatgrad.processor.reverse.DefiniteAssignment;
import dev.flatgrad.processor.reverse.ForwardSweep;
import dev.flatgrad.processor.reverse.FusedProducts;
import dev.flatgrad.processor.reverse.FusedLoops;
import dev.flatgrad.processor.reverse.Gradient;
import dev.flatgrad.processor.reverse.InvariantLengths;
import dev.flatgrad.processor.reverse.LengthTapes;
import dev.flatgrad.processor.reverse.RanGuards;
import dev.flatgrad.processor.reverse.Reverser;
import dev.flatgrad.processor.reverse.ReusedArrays;
import dev.flatgrad.processor.reverse.RowAdjoints;
import dev.flatgrad.processor.reverse.SkippedAdjoints;
import dev.flatgrad.processor.reverse.StoredContributions;
import dev.flatgrad.processor.reverse.RotationMoves;
import dev.flatgrad.processor.reverse.UnreadTapes;
import dev.flatgrad.processor.rules.RuleRegistry;
import dev.flatgrad.processor.simplify.BackwardSimplification;
import dev.flatgrad.processor.simplify.Style;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
    // Buffers swapped in the user's code are checked as written, then each given its own array.
    SwappedBuffers swaps = SwappedBuffers.of(lowered.get().method());
    IrMethod ir = swaps.copied();
    dump("lower", ir);
    Differentiation diff = new Differentiation(rules, users);
    List<Problem> problems = checks(swaps.checked(), swaps, diff, users);
    if (!problems.isEmpty()) {
      problems.forEach(diagnostics::error);
      return Optional.empty();
    }
    // A record parameter's components are added into by a caller's pullback only through the record: not yet.
    boolean withSaved = !entry.isCustom() && ir.unpacked().isEmpty()
        && GradientMethods.savedFormApplies(ir.returnType(), ir.wrtInOrder().stream().map(Variable::type).toList());
    Planning.Planned planned = plan(StabilisingShifts.apply(ir), diff, ir.name());
    Gradient.Reversed reversed =
        withReusedArrays(withMoves(withoutDeadStores(reverse(planned, diff, ir.name())), swaps));
    GradClassEmitter.Saved saved = withSaved ? saved(planned, diff, swaps) : null;
    IrMethod shifted = StabilisingShifts.scalar(ir);
    ModeEmitter.Methods modes = new ForwardModes(users, diff, this::reverse).build(shifted,
        swaps.checked().withGradientFree(shifted.gradientFree()), Activity.of(shifted, diff), entry, swaps);
    GradClassEmitter.Method method =
        new GradClassEmitter.Method(reversed.ir(), entry.recordName(), reversed.forward(), reversed.backward(),
            reversed.gradients(), reversed.value(), reversed.seed(), reversed.active(), saved);
    return Optional.of(new Output(method, modes, lowered.get().copiedConstants(), List.copyOf(dumps)));
  }

  /** Stage 2's checks: writes through shared or parameter arrays, calls a gradient cannot pass. */
  private static List<Problem> checks(IrMethod ir, SwappedBuffers swaps, Differentiation diff, UserMethods users) {
    List<Problem> problems = new ArrayList<>(Aliasing.check(ir, users::returnsNewArray, swaps.keptApart(), swaps.whyShared()));
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

  /** The gradient method's forward pass with its rotations' copies moves again where they can be ({@link RotationMoves}). */
  private static Gradient.Reversed withMoves(Gradient.Reversed r, SwappedBuffers swaps) {
    DeadStores.Passes moved = RotationMoves.apply(new DeadStores.Passes(r.forward(), r.backward()), swaps);
    return new Gradient.Reversed(r.ir(), moved.forward(), moved.backward(), r.gradients(), r.value(), r.seed(),
        r.active());
  }

  /**
   * The gradient method's code with its loops' replaced adjoint arrays reused ({@link
   * ReusedArrays}), then {@link #finish finished}.
   */
  private static Gradient.Reversed withReusedArrays(Gradient.Reversed r) {
    DeadStores.Passes reused = finish(ReusedArrays.apply(r.forward(), r.backward()), List.of());
    return new Gradient.Reversed(r.ir(), reused.forward(), reused.backward(), r.gradients(), r.value(), r.seed(),
        r.active());
  }

  /**
   * The last rewrites of a reversed method's passes, once nothing else moves their statements: the
   * tapes of counting loops indexed in a local ({@link CountedTapes}), a pullback's additions into
   * its adjoint arrays skipped where they are null ({@link SkippedAdjoints}; {@code accumulators}
   * empty for a gradient method), a matrix-vector product's backward halves in one pass ({@link
   * FusedProducts}; after the guards, which it would otherwise hide an addition from), a row
   * sum's adjoint multiplied in as a column instead of spread ({@link ColumnSpreads}), an array
   * declared then copied declared as the copy ({@link CopiesAtDeclaration}; the backward pass only:
   * the forward code is the user's, as written).
   */
  private static DeadStores.Passes finish(DeadStores.Passes p, List<Variable> accumulators) {
    DeadStores.Passes counted = CountedTapes.apply(p.forward(), p.backward());
    return new DeadStores.Passes(
        ColumnSpreads.apply(FusedProducts.apply(SkippedAdjoints.guard(counted.forward(), accumulators))),
        CopiesAtDeclaration.apply(
            ColumnSpreads.apply(FusedProducts.apply(SkippedAdjoints.guard(counted.backward(), accumulators)))));
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
   * The saved-values form of a method ({@link GradClassEmitter.Saved}): the backward pass seeded
   * with {@code dout} adds into the caller's arrays, if it only ever adds into them ({@link
   * Accumulation}); otherwise the pullback adds what the gradient method returns. Where the
   * backward pass needs no tape, the forward pass ends in {@code mSaved} and the backward pass
   * reads what it kept ({@link #split}); where it does, the record keeps the parameters and the
   * pullback runs both passes, its loops fused where they can be.
   */
  private static GradClassEmitter.Saved saved(Planning.Planned planned, Differentiation diff, SwappedBuffers swaps) {
    IrMethod ir = planned.ir();
    SavePlan plan = planned.plan();
    Variable dout = Variable.parameter("dout", ir.returnType());
    Reverser.Backward backward = new Reverser(diff, planned.activity(), plan, ForwardValues.of(ir))
        .reverse(ir.body(), ir.output(), new Expr.Ref(dout), ir.wrtInOrder(), Set.copyOf(ir.wrtInOrder()));
    List<Variable> accumulators = new ArrayList<>();
    boolean allAdjoints = true;
    for (Variable p : ir.wrtInOrder()) {
      if (backward.gradients().get(p) instanceof Expr.Ref ref && ref.var() != dout && !accumulators.contains(ref.var())) {
        accumulators.add(ref.var());
      } else {
        // A gradient that is no adjoint variable of its own (zeros where nothing reaches the
        // parameter, or dout itself for a result that is the parameter):
        // the pullback adds what the gradient method returns.
        accumulators.add(Variable.parameter(Hints.adjoint(p.hint()), p.type()));
        allAdjoints = false;
      }
    }
    List<Stmt> backwardCode = new ArrayList<>(BackwardSimplification.apply(backward.code()));
    if (!allAdjoints || !Accumulation.addsOnly(backwardCode, Set.copyOf(accumulators))) {
      return new GradClassEmitter.Saved(dout, accumulators, ir.params(), null, null, null);
    }
    // Styled before fusing, as in Gradient: a fused trip's backward code lands in the forward pass.
    UnreadTapes.Untaped untaped = LengthTapes.apply(UnreadTapes.remove(ForwardSweep.build(ir, plan),
        InvariantLengths.apply(ir, Style.apply(backwardCode), Set.copyOf(accumulators)), plan.stacks,
        Set.copyOf(accumulators)), Set.copyOf(accumulators));
    Optional<GradClassEmitter.Saved> split = split(ir, dout, accumulators, untaped, swaps);
    if (split.isPresent()) {
      return split.get();
    }
    FusedLoops.Fused fused = FusedLoops.applyUntaped(untaped.forward(), untaped.backward(), untaped.stacks(),
        Set.copyOf(accumulators));
    List<Stmt> forward = StoredContributions.apply(RowAdjoints.apply(RanGuards.drop(fused.forward())));
    backwardCode = new ArrayList<>(StoredContributions.apply(RowAdjoints.apply(fused.backward())));
    for (Variable stack : fused.stacks()) {
      backwardCode.add(Tapes.release(stack));
    }
    // The pullback returns no value: what only led to it goes (mSaved called the method, which threw
    // whatever its code throws).
    DeadStores.Passes live = RotationMoves.apply(
        DeadStores.removeInReplay(forward, backwardCode, Set.copyOf(accumulators)), swaps);
    forward = live.forward();
    backwardCode = live.backward();
    if (MethodSplit.needed(forward, backwardCode)) {
      // Too long for one method: the gradient method is cut into parts, and the pullback calls it.
      return new GradClassEmitter.Saved(dout, accumulators, ir.params(), null, null, null);
    }
    Set<Variable> unassigned = DefiniteAssignment.readUnassigned(forward, backwardCode);
    DeadStores.Passes reused = ReusedArrays.apply(DefiniteAssignment.initialize(forward, unassigned),
        Style.apply(DefiniteAssignment.initialize(backwardCode, unassigned)));
    reused = finish(reused, accumulators);
    return new GradClassEmitter.Saved(dout, accumulators, ir.params(), null, reused.forward(), reused.backward());
  }

  /**
   * The two passes cut between the methods, if the backward pass pops nothing (a tape's values
   * would have to travel in the record) and writes into no array it shares with the forward
   * pass: {@code mSaved} runs the forward pass and keeps what the backward pass reads of it (the
   * parameters and locals it reads, and those it assigns without declaring), {@code mPullback}
   * runs the backward pass on them.
   */
  private static Optional<GradClassEmitter.Saved> split(IrMethod ir, Variable dout, List<Variable> accumulators,
      UnreadTapes.Untaped untaped, SwappedBuffers swaps) {
    if (!untaped.stacks().isEmpty()) {
      return Optional.empty();
    }
    List<Stmt> backward = StoredContributions.apply(RowAdjoints.apply(
        DeadStores.remove(List.of(), untaped.backward(), Set.copyOf(accumulators)).backward()));
    Set<Variable> fromForward = new LinkedHashSet<>(Stmts.read(backward));
    fromForward.addAll(Stmts.assigned(backward));
    fromForward.removeAll(Stmts.declared(backward));
    fromForward.remove(dout);
    accumulators.forEach(fromForward::remove);
    boolean[] writesShared = {false};
    for (Stmt s : backward) {
      Stmts.walk(s, x -> writesShared[0] |= x instanceof Stmt.Store st && fromForward.contains(st.array()));
    }
    if (writesShared[0] || MethodSplit.needed(untaped.forward(), List.of()) || MethodSplit.needed(List.of(), backward)) {
      return Optional.empty();
    }
    // In the order the forward pass declares them: the parameters, then its locals.
    Set<Variable> ordered = new LinkedHashSet<>(ir.params());
    ordered.addAll(Stmts.declared(untaped.forward()));
    ordered.addAll(fromForward);
    List<Variable> kept = ordered.stream().filter(fromForward::contains).toList();
    Set<Variable> live = new LinkedHashSet<>(kept);
    live.add(ir.output());
    DeadStores.Passes moved = RotationMoves.apply(
        new DeadStores.Passes(DeadStores.remove(untaped.forward(), List.of(), live).forward(), backward), swaps);
    List<Stmt> forward = moved.forward();
    // The record is made of them at the end: each must be definitely assigned there.
    Set<Variable> unassigned = DefiniteAssignment.readUnassigned(forward,
        kept.stream().<Stmt>map(v -> new Stmt.Eval(new Expr.Ref(v), Pos.NONE)).toList());
    return Optional.of(new GradClassEmitter.Saved(dout, accumulators, kept, DefiniteAssignment.initialize(forward,
        unassigned), List.of(), finish(ReusedArrays.apply(List.of(), Style.apply(moved.backward())), accumulators)
        .backward()));
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
