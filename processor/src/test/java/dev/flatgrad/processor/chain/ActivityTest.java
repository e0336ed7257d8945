package dev.flatgrad.processor.chain;

import static dev.flatgrad.processor.testing.Ir.add;
import static dev.flatgrad.processor.testing.Ir.d;
import static dev.flatgrad.processor.testing.Ir.declare;
import static dev.flatgrad.processor.testing.Ir.math;
import static dev.flatgrad.processor.testing.Ir.mul;
import static dev.flatgrad.processor.testing.Ir.ref;
import static dev.flatgrad.processor.testing.Ir.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.testing.Ir;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which values carry gradients, in methods built by hand. */
class ActivityTest {

  private final Variable x = Variable.parameter("x", Type.DOUBLE);
  private final Variable y = Variable.parameter("y", Type.DOUBLE);
  private final Variable a = scalar("a");
  private final Variable b = scalar("b");
  private final Variable c = scalar("c");
  private final Variable out = scalar("out");

  private Set<Variable> active(Expr aValue, Expr bValue, Expr cValue, Expr outValue) {
    return Activity.of(Ir.method(List.of(x, y), Set.of(x), out, declare(a, aValue), declare(b, bValue),
        declare(c, cValue), declare(out, outValue)), Ir.differentiation()).active();
  }

  @Test
  void aValueIsActiveIfItDependsOnAWrtParameterAndTheResultOnIt() {
    assertEquals(Set.of(x, a, out), active(mul(ref(x), ref(y)), mul(ref(y), ref(y)), mul(d(2.0), ref(x)),
        add(ref(a), ref(b))));
  }

  @Test
  void aGradientDoesNotFlowThroughAConditionOrAStepFunction() {
    Expr test = Ir.binary(BinaryOp.GT, ref(x), d(0.0));
    assertEquals(Set.of(x, out), active(new Expr.Cond(test, ref(y), d(0.0), Type.DOUBLE), math("floor", ref(x)),
        d(1.0), add(add(ref(a), ref(b)), ref(x))));
  }
}
