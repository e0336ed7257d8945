package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.rules.AdjointRule;
import dev.flatgrad.processor.rules.GatePattern;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Gates: groups of operations in the user's expressions that are differentiated as one, as the
 * backprop notes group them. {@code 1.0 / (1.0 + Math.exp(-x))} is the sigmoid gate (one line
 * from its output instead of four gates); {@code Nd.sum(Nd.square(W))} and {@code
 * Nd.sum(Nd.multiply(W, W))} are a sum of squares ({@code dW = 2 dout W}, nothing staged). The
 * shapes are data ({@code rules/templates/GatePatterns}), their rules too ({@code GateRules}); the
 * user's expression is printed as written, only its reversal is grouped.
 */
final class Gates {

  private Gates() {}

  static Optional<Differentiation.Gate> match(Expr e, RuleRegistry rules) {
    for (GatePattern pattern : rules.gatePatterns()) {
      Optional<List<Expr>> inputs = pattern.match(e);
      if (inputs.isPresent()) {
        Optional<AdjointRule> rule = rules.gate(pattern.gate(), inputs.get().stream().map(Expr::type).toList());
        if (rule.isPresent()) {
          return Optional.of(new Differentiation.Gate(rule.get(), inputs.get()));
        }
      }
    }
    return Optional.empty();
  }
}
