package dev.flatgrad.processor.rules;

import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertSecondOrder;
import static dev.flatgrad.processor.numeric.SecondOrderAsserts.assertTangent;
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
 * NdRulesTest}: with every operand varying, the tangent against centred differences of the method,
 * and for one shape of each operation and operand types the Hessian-vector product (the rule's
 * tangent code reversed) against centred differences of the gradient; for sums also the tangent
 * with each operand alone varying (the other's zero tangent dropped, a broadcast operand's
 * stretched). Which terms every rule drops for every subset
 * is checked structurally by {@code TangentRulesTest}.
 */
class NdTangentsTest {

  /** A method of the compiled class: a case with some of its operands differentiated. */
  private record Method(String name, NdRulesTest.Case c, boolean hessian) {}

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
    java.util.Set<String> reversed = new java.util.HashSet<>();
    for (NdRulesTest.Case c : NdRulesTest.cases()) {
      List<NdRulesTest.Operand> operands = c.operands();
      // The H·v of the first case of each operation and operand types (the other shapes of a
      // broadcast repeat its code), the tangent of every case.
      String op = c.call().substring(0, c.call().indexOf('(')) + operands.stream().map(NdRulesTest.Operand::type).toList();
      boolean hessian = reversed.add(op);
      String params = String.join(", ", operands.stream().map(o -> o.type() + " " + o.name()).toList());
      String rParam = c.resultType().equals("double") ? "" : ", " + c.resultType() + " r";
      String body = c.resultType().equals("double")
          ? "return 1.5 * " + c.call() + ";"
          : "return Nd.sum(Nd.multiply(" + c.call() + ", r));";
      // Only sums drop an operand's tangent in a way that changes the result's shape (a broadcast
      // operand's is stretched): they are checked with each operand alone varying, the rest with all.
      boolean sum = c.call().startsWith("Nd.add(") || c.call().startsWith("Nd.subtract(");
      int full = (1 << operands.size()) - 1;
      for (int mask = sum ? 1 : full; mask <= full; mask++) {
        List<String> wrt = new ArrayList<>();
        for (int k = 0; k < operands.size(); k++) {
          if ((mask & 1 << k) != 0) {
            wrt.add("\"" + operands.get(k).name() + "\"");
          }
        }
        String name = c.name() + "_" + mask;
        boolean all = mask == full && hessian;
        METHODS.add(new Method(name, c, all));
        src.append("  @Differentiable(").append(all ? "hessian" : "tangent").append(" = true, wrt = {")
            .append(String.join(", ", wrt)).append("})\n")
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
      if (m.hessian()) {
        assertSecondOrder(loaded, "tangents.OpsGrad", m.name(), random, args.toArray());
      } else {
        assertTangent(loaded, "tangents.OpsGrad", m.name(), random, args.toArray());
      }
    }
  }
}
