package dev.flatgrad.processor.rules;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tangent rules as data: every operation with an adjoint rule has a tangent rule over the
 * same inputs, and every way its inputs can vary specialises to a well-typed tangent in which no
 * zero is left. Their numbers are checked through generated code in the numeric tests.
 */
class TangentRulesTest {

  private final TangentRules tangents = TangentRules.get();

  @Test
  void everyAdjointRuleHasATangentRule() {
    List<String> missing = new ArrayList<>();
    for (AdjointRule adjoint : RuleRegistry.get().all()) {
      Optional<TangentRule> tangent = tangents.of(adjoint);
      if (!adjoint.hasGradient()) {
        if (tangent.isPresent()) {
          missing.add(adjoint.key() + " passes no gradient but has a tangent rule");
        }
        continue;
      }
      if (tangent.isEmpty()) {
        missing.add(adjoint.key() + " has no tangent rule");
        continue;
      }
      Set<Integer> differentiated = new HashSet<>();
      for (int i = 0; i < adjoint.inputs().size(); i++) {
        if (adjoint.contributions().containsKey(adjoint.inputs().get(i))) {
          differentiated.add(i);
        }
      }
      if (!tangent.get().tangents().keySet().equals(differentiated)) {
        missing.add(adjoint.key() + ": the tangent rule has tangents of inputs " + tangent.get().tangents().keySet()
            + " but the adjoint rule differentiates " + differentiated);
      }
    }
    assertWithMessage(String.join("\n", missing)).that(missing).isEmpty();
    assertWithMessage("tangent rules without an adjoint rule")
        .that(tangents.all().size())
        .isEqualTo(RuleRegistry.get().all().stream().filter(AdjointRule::hasGradient).count());
  }

  @Test
  void everyWayTheInputsVarySpecialisesWithoutZeros() {
    List<String> bad = new ArrayList<>();
    for (TangentRule rule : tangents.all()) {
      List<Integer> inputs = new ArrayList<>(rule.tangents().keySet());
      for (int mask = 1; mask < 1 << inputs.size(); mask++) {
        Set<Integer> varying = new HashSet<>();
        for (int k = 0; k < inputs.size(); k++) {
          if ((mask & 1 << k) != 0) {
            varying.add(inputs.get(k));
          }
        }
        try {
          Expr value = rule.specialise(varying, tangents.calls()).orElseThrow();
          if (!value.type().equals(rule.out().type())) {
            bad.add(rule.key() + " varying " + varying + ": a " + value.type());
          }
          for (Variable read : Exprs.reads(value)) {
            int input = rule.tangents().entrySet().stream().filter(e -> e.getValue() == read)
                .map(java.util.Map.Entry::getKey).findFirst().orElse(-1);
            if (input >= 0 && !varying.contains(input)) {
              bad.add(rule.key() + " varying " + varying + " still reads " + read.hint());
            }
          }
        } catch (RuntimeException e) {
          bad.add(rule.key() + " varying " + varying + ": " + e.getMessage());
        }
      }
    }
    assertWithMessage(String.join("\n", bad)).that(bad).isEmpty();
  }
}
