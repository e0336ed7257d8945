package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.analyse.Aliasing;
import dev.flatgrad.processor.analyse.Planning;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ForwardValues;
import dev.flatgrad.processor.ir.ArrayShares;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.simplify.BackwardSimplification;
import dev.flatgrad.processor.simplify.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 4 as one step: a planned method to its gradient code. The forward sweep, the seed
 * ({@code 1.0}, or the {@code dout} parameter of an array result), the backward sweep with its
 * branch code simplified, tapes nothing reads gone ({@link UnreadTapes}), loops that only add into
 * adjoints fused ({@link FusedLoops}), first contributions to fresh adjoint arrays stored ({@link
 * StoredContributions}) and the tapes left released at the end, the value kept from
 * the backward pass's restores, and the variables read before assignment initialised.
 */
public final class Gradient {

  /**
   * What the reverse stage makes of a method: the IR it ended with (staged, renamed), the forward
   * and backward code, the gradient of each {@code wrt} parameter, the variable holding the value,
   * the upstream gradient parameter of an array result, and the active variables.
   */
  public record Reversed(IrMethod ir, List<Stmt> forward, List<Stmt> backward, Map<Variable, Expr> gradients,
      Variable value, Variable seed, Set<Variable> active) {}

  private Gradient() {}

  public static Reversed of(Planning.Planned planned, Differentiation diff) {
    IrMethod ir = planned.ir();
    List<Stmt> forward = ForwardSweep.build(ir, planned.plan());
    Variable seed = null;
    Expr seedValue = Expr.Const.ofDouble(1.0);
    if (ir.returnType().isArray()) {
      seed = Variable.parameter("dout", ir.returnType());
      seedValue = new Expr.Ref(seed);
    }
    Reverser.Backward backward = new Reverser(diff, planned.activity(), planned.plan(), ForwardValues.of(ir))
        .reverse(ir.body(), ir.output(), seedValue, ir.wrtInOrder(), Set.of());
    // Styled before fusing: a fused trip's backward code lands in the forward pass, which the
    // style pass leaves alone.
    UnreadTapes.Untaped untaped = LengthTapes.apply(UnreadTapes.remove(forward,
        InvariantLengths.apply(ir, Style.apply(BackwardSimplification.apply(backward.code())), Set.of(ir.output())),
        planned.plan().stacks, Set.of(ir.output())), Set.of(ir.output()));
    FusedLoops.Fused fused = FusedLoops.applyUntaped(untaped.forward(), untaped.backward(), untaped.stacks(),
        Set.of(ir.output()));
    forward = new ArrayList<>(StoredContributions.apply(RowAdjoints.apply(fused.forward())));
    List<Stmt> backwardCode = new ArrayList<>(StoredContributions.apply(RowAdjoints.apply(fused.backward())));
    for (Variable stack : fused.stacks()) {
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
    return new Reversed(ir, forward, backwardCode, backward.gradients(), value, seed, planned.activity().active());
  }

  /**
   * What the result must be kept as before the backward pass runs, if that pass changes it: the
   * output variable's value when the pass restores the variable, a copy of the array when it
   * restores elements (or rows) of it, or of an array it may be, in place; null if the pass leaves
   * it alone.
   */
  public static Expr keptValue(Variable output, List<Stmt> forward, List<Stmt> backward) {
    Set<Variable> shared = withStoredRows(Aliasing.mayShareWith(output, forward), forward);
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

  /**
   * {@code shared} with the variables whose arrays the forward pass stores as rows of its arrays
   * ({@code p[r] = row;}), and those that may share with them, in turn: the backward pass's
   * restores of {@code row[j]} write into the result too.
   */
  private static Set<Variable> withStoredRows(Set<Variable> shared, List<Stmt> forward) {
    Set<Variable> out = new java.util.LinkedHashSet<>(shared);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt top : forward) {
        List<Stmt> all = new ArrayList<>();
        Stmts.walk(top, all::add);
        for (Stmt x : all) {
          if (x instanceof Stmt.Store st && out.contains(st.array()) && st.value().type().isArray()) {
            for (Variable row : ArrayShares.wholeArrays(st.value())) {
              changed |= out.addAll(Aliasing.mayShareWith(row, forward));
            }
          }
        }
      }
    }
    return out;
  }
}
