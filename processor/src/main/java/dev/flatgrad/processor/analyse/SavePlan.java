package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the forward pass keeps for the backward pass, decided by {@link Recording}: which
 * overwritten values go on which stack, which values a backward block restores or recomputes when
 * it starts, which branch directions are recorded, how each loop is run backwards. Statements and
 * blocks are keyed by identity: the plan belongs to one IR.
 */
public final class SavePlan {

  /**
   * The value a statement overwrites, kept before it and put back at its mirror: pushed on {@code
   * stack} and popped, or, for a statement that runs at most once (in a branch outside any loop),
   * copied into the local {@code kept} and back; or, for an update such as {@code k++} ({@link
   * InvertibleUpdates}), not kept at all but given back by the {@code inverse} update ({@code k--}).
   */
  public record Save(Variable stack, Variable kept, Stmt.Assign inverse) {

    public static Save onStack(Variable stack) {
      return new Save(stack, null, null);
    }

    public static Save inLocal(Variable kept) {
      return new Save(null, kept, null);
    }

    static Save byInverse(Stmt.Assign update) {
      return new Save(null, null, InvertibleUpdates.inverse(update));
    }

    /** What the mirror reads to put the value back: a pop, or the local. */
    public Expr restored() {
      return stack != null ? Tapes.pop(stack) : new Expr.Ref(kept);
    }

    /** The mirror's statement putting the old value of {@code v} back. */
    public Stmt.Assign putBack(Variable v) {
      return inverse != null ? inverse : new Stmt.Assign(v, null, restored(), false, Pos.NONE);
    }

    /** What keeps {@code value} before the overwrite: nothing for an update its inverse undoes. */
    public List<Stmt> keep(Expr value) {
      if (inverse != null) {
        return List.of();
      }
      return List.of(stack != null ? Tapes.push(stack, value) : new Stmt.Assign(kept, null, value, false, Pos.NONE));
    }
  }

  /** How a loop runs backwards. */
  public sealed interface LoopPlan {}

  /**
   * {@code for (int i = from; i < to; i += step)} and friends: run again with the index counting
   * the other way, from {@code last} back to {@code from}. {@code trips} (with its stack if the
   * loop is nested) is set when a break can end the loop early, or when the index cannot count back
   * past {@code from} without wrapping round: then {@code trip} counts the trips down and each
   * trip's index is {@code from + (trip - 1) * step}.
   */
  public record Canonical(
      Variable index, Expr from, Expr last, int step, Variable trips, Variable tripStack, Variable trip)
      implements LoopPlan {
    public boolean ascending() {
      return step > 0;
    }
  }

  /** Any other loop: count the trips, then run the body's reversal that many times. */
  public record Counted(Variable trips, Variable tripStack, Variable step) implements LoopPlan {}

  /** How a branch's direction is known in the backward pass. */
  public record Branch(Variable recorded, boolean onStack) {}

  /** A value a backward block needs at its start: popped from {@code stack}, or recomputed. */
  public record Restore(Variable var, Variable stack, Stmt.Assign recompute) {}

  public final Map<Stmt, Save> kills = new IdentityHashMap<>();
  public final Map<Block, List<Restore>> blockRestores = new IdentityHashMap<>();
  public final Map<Stmt.If, Branch> branches = new IdentityHashMap<>();
  public final Map<Stmt.Loop, LoopPlan> loops = new IdentityHashMap<>();
  public final Set<Stmt.Store> firstWrites =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  public final Set<Variable> hoisted = new LinkedHashSet<>();
  public final List<Variable> stacks = new ArrayList<>();

  public List<Restore> restoresOf(Block b) {
    return blockRestores.getOrDefault(b, List.of());
  }

  public static SavePlan empty() {
    return new SavePlan();
  }
}
