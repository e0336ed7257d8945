package dev.flatgrad.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A record parameter differentiated component by component: the engine sees each component as a
 * parameter of its own ({@code W1}, {@code b1}), the generated methods take the record, unpack it
 * at entry ({@code double[][] W1 = p.W1();}) and pack the components' gradients into a record of
 * the same type ({@code new Params(dW1, db1)}).
 *
 * @param record the parameter as declared ({@code Params p}); for a nested record, a stand-in of
 *     its type that generated code never names
 * @param parts the record's components in declaration order
 */
public record Unpacked(Variable record, List<Part> parts) {

  /**
   * A component: a parameter of the engine's ({@code leaf}), or a record unpacked in turn ({@code
   * nested}). A leaf of a type that is not differentiated ({@code int[] ids}) is passed through: read
   * as a setting, carried by the gradient and direction records as it was.
   */
  public record Part(String component, Variable leaf, Unpacked nested) {

    /** Whether it is a leaf passed through, never differentiated. */
    public boolean passedThrough() {
      return leaf != null && !leaf.type().isDifferentiable();
    }
  }

  public Unpacked {
    parts = List.copyOf(parts);
  }

  /** The record's class. */
  public ClassRef type() {
    return record.type().object();
  }

  /** The engine's parameters the record differentiates, in declaration order (nested records' in place). */
  public List<Variable> differentiated() {
    return leaves().stream().filter(v -> v.type().isDifferentiable()).toList();
  }

  /** The engine's parameters the record stands for, in declaration order (nested records' in place). */
  public List<Variable> leaves() {
    List<Variable> out = new ArrayList<>();
    for (Part p : parts) {
      if (p.leaf() != null) {
        out.add(p.leaf());
      } else {
        out.addAll(p.nested().leaves());
      }
    }
    return out;
  }
}
