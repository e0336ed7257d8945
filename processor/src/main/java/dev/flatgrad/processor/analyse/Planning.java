package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.BackwardReads;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ForwardValues;
import dev.flatgrad.processor.ir.IrMethod;
import java.util.function.BiConsumer;

/**
 * Stage 2 for the reverse stage: stage the method ({@link Staging}), then find what to record
 * ({@link Recording}), renaming straight-line overwrites ({@link Renaming}) until none is left.
 */
public final class Planning {

  /** The method as the reverse stage takes it: staged and renamed, its activity, its save plan. */
  public record Planned(IrMethod ir, Activity activity, SavePlan plan) {}

  private Planning() {}

  /** Plans {@code ir}; {@code after} sees the IR after each step ("stage", "rename"). */
  public static Planned of(IrMethod ir, Differentiation diff, BiConsumer<String, IrMethod> after) {
    ir = ir.withBody(new Staging(diff, Activity.of(ir, diff)).stage(ir.body()));
    after.accept("stage", ir);
    while (true) {
      Activity activity = Activity.of(ir, diff);
      Recording.Result recorded =
          Recording.of(ir, new BackwardReads(diff, activity, ForwardValues.of(ir)), new Staging(diff, activity));
      if (recorded.renameable().isEmpty()) {
        return new Planned(ir, activity, recorded.plan());
      }
      ir = Renaming.apply(ir, recorded.renameable());
      after.accept("rename", ir);
    }
  }
}
