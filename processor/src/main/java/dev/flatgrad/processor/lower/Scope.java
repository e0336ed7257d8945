package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Nested block scopes mapping the user's names to variables. */
final class Scope {

  private final Deque<Map<String, Variable>> frames = new ArrayDeque<>();

  Scope() {
    push();
  }

  void push() {
    frames.push(new HashMap<>());
  }

  void pop() {
    frames.pop();
  }

  void declare(String name, Variable v) {
    frames.peek().put(name, v);
  }

  Optional<Variable> lookup(String name) {
    for (Map<String, Variable> frame : frames) {
      Variable v = frame.get(name);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
