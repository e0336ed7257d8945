package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The private constants a class's generated methods read, copied into the generated class as
 * javac would inline them: each initializer lowered, then the constants it reads in turn, each
 * constant once per class.
 */
public final class CopiedConstants {

  /** A constant to declare in the generated class: its name and its lowered initializer. */
  public record Constant(String name, Expr value) {}

  private final Lowering lowering;
  private final Diagnostics diagnostics;
  private final Set<String> copied = new HashSet<>();

  public CopiedConstants(ClassContext cls, CallResolver calls, Diagnostics diagnostics, ClassRef generated) {
    this.lowering = new Lowering(cls, calls, diagnostics, generated);
    this.diagnostics = diagnostics;
  }

  /** The constants {@code read} and those their initializers read, leaving out those copied already. */
  public List<Constant> of(List<ClassContext.LocalField> read) {
    List<Constant> out = new ArrayList<>();
    read.forEach(field -> copy(field, out));
    return out;
  }

  private void copy(ClassContext.LocalField field, List<Constant> out) {
    if (!copied.add(field.name())) {
      return;
    }
    try {
      out.add(new Constant(field.name(), lowering.constantInitializer(field)));
      for (ClassContext.LocalField more : lowering.copiedConstants()) {
        copy(more, out);
      }
    } catch (Problem p) {
      diagnostics.error(p);
    }
  }
}
