package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Nested block scopes mapping the user's names to variables. */
final class Scope {

  private final Deque<Map<String, Variable>> frames = new ArrayDeque<>();
  /** Names whose declaration was rejected with an error: their uses are not reported again. */
  private final Set<String> rejected = new HashSet<>();

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

  void reject(String name) {
    rejected.add(name);
  }

  boolean isRejected(String name) {
    return rejected.contains(name);
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
