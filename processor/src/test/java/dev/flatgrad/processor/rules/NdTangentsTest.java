package dev.flatgrad.processor.rules;

import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Nd tangent rule, checked numerically through generated code, on the cases of {@link
 * NdRulesTest} with every nonempty subset of the operands varying (so that each way a rule drops
 * zero tangents, and stretches a broadcast operand's, is exercised): the tangent against centred
 * differences of the method, the Hessian-vector product (the rule's tangent code reversed) against
 * centred differences of the gradient.
 */
class NdTangentsTest {

  /** A method of the compiled class: a case with some of its operands differentiated. */
  private record Method(String name, NdRulesTest.Case c) {}

  private static final List<Method> METHODS = new ArrayList<>();
  private static Loaded loaded;

  @BeforeAll
  static void compileAll() {
    StringBuilder src = new StringBuilder("""
        package tangents;

        import dev.flatgrad.annotations.Differentiable;
        import dev.flatgrad.runtime.Nd;

        class Ops {
        """);
    for (NdRulesTest.Case c : NdRulesTest.cases()) {
      List<NdRulesTest.Operand> operands = c.operands();
      String params = String.join(", ", operands.stream().map(o -> o.type() + " " + o.name()).toList());
      String rParam = c.resultType().equals("double") ? "" : ", " + c.resultType() + " r";
      String body = c.resultType().equals("double")
          ? "return 1.5 * " + c.call() + ";"
          : "return Nd.sum(Nd.multiply(" + c.call() + ", r));";
      for (int mask = 1; mask < 1 << operands.size(); mask++) {
        List<String> wrt = new ArrayList<>();
        for (int k = 0; k < operands.size(); k++) {
          if ((mask & 1 << k) != 0) {
            wrt.add("\"" + operands.get(k).name() + "\"");
          }
        }
        String name = c.name() + "_" + mask;
        METHODS.add(new Method(name, c));
        src.append("  @Differentiable(hessian = true, wrt = {").append(String.join(", ", wrt)).append("})\n")
            .append("  static double ").append(name).append("(").append(params).append(rParam).append(") {\n")
            .append("    ").append(body).append("\n  }\n\n");
      }
    }
    src.append("}\n");
    loaded = load(compileOk(source(src.toString())));
  }

  @Test
  void everyTangentAndHvpMatchesCentredDifferences() throws Exception {
    Random random = new Random(11);
    for (Method m : METHODS) {
      List<Object> args = new ArrayList<>();
      for (NdRulesTest.Operand o : m.c().operands()) {
        args.add(o.value().get());
      }
      if (!m.c().resultType().equals("double")) {
        args.add(NdRulesTest.weightLike(NdRulesTest.evaluate(m.c(), args)));
      }
      assertSecondOrder(loaded, "tangents.OpsGrad", m.name(), random, args.toArray());
    }
  }
}
