package dev.flatgrad.processor.rules;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * One shape of a gate, read from {@code GatePatterns}: a pattern whose holes are the gate's
 * inputs, in order.
 */
public record GatePattern(String gate, Pattern pattern) {

  /** The expressions standing in {@code e} for the gate's inputs, in order, if {@code e} has the shape. */
  public Optional<List<Expr>> match(Expr e) {
    return pattern.match(e).map(bound -> pattern.holes().stream().map(bound::get).toList());
  }
}
