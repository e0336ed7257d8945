package dev.flatgrad.processor.analyse;

import static dev.flatgrad.processor.testing.Ir.assign;
import static dev.flatgrad.processor.testing.Ir.countUp;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.declare;
import static dev.flatgrad.processor.testing.Ir.math;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.testing.Ir;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the recording analysis saves for the backward pass, in methods built by hand. */
class PlanningTest {

  private final Variable x = Variable.parameter("x", Type.DOUBLE);
  private final Variable n = Variable.parameter("n", Type.INT);
  private final Variable s = scalar("s");
  private final Variable i = Variable.local("i", Type.INT);

  /** {@code double s = x; for (int i = 0; i < n; i++) { s = update; } return s;} planned. */
  private Planning.Planned loop(Expr update) {
    return Planning.of(Ir.method(List.of(x, n), Set.of(x), s, declare(s, ref(x)), countUp(i, ref(n), assign(s, update))),
        Ir.differentiation(), (stage, after) -> {});
  }

  private static Stmt.Loop theLoop(Planning.Planned planned) {
    return (Stmt.Loop) planned.ir().body().stmts().stream().filter(st -> st instanceof Stmt.Loop).findFirst()
        .orElseThrow();
  }

  @Test
  void aValueTheBackwardPassReadsIsSavedBeforeItIsOverwritten() {
    Planning.Planned planned = loop(math("sin", ref(s)));
    assertEquals(1, planned.plan().stacks.size());
    assertEquals(Type.DOUBLE, planned.plan().stacks.get(0).type());
  }

  @Test
  void aValueTheBackwardPassDoesNotReadIsNotSaved() {
    assertEquals(List.of(), loop(mul(d(2.0), ref(s))).plan().stacks);
  }

  @Test
  void aCountingLoopRunsBackwardsByItsIndexWithNothingCounted() {
    Planning.Planned planned = loop(math("sin", ref(s)));
    SavePlan.Canonical plan = assertInstanceOf(SavePlan.Canonical.class, planned.plan().loops.get(theLoop(planned)));
    assertEquals(i, plan.index());
    assertEquals(1, plan.step());
    assertEquals(null, plan.trips());
  }
}
