package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Straight-line overwrites the backward pass would need undone ({@code x = x * x} where the old
 * {@code x} is read by a later gate) become new versions instead: {@code double x2 = x * x}, and
 * later uses read {@code x2}. No value is saved; both versions stay in scope.
 */
public final class Renaming {

  private Renaming() {}

  public static IrMethod apply(IrMethod m, Set<Stmt.Assign> renamed) {
    Map<Variable, Variable> current = new HashMap<>();
    Set<Variable> gradientFree = new HashSet<>(m.gradientFree());
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : m.body().stmts()) {
      Stmt r = Stmts.rename(s, current);
      if (s instanceof Stmt.Assign a && renamed.contains(a)) {
        Variable version = a.target().newVersion();
        Stmt.Assign ra = (Stmt.Assign) r;
        Variable old = current.getOrDefault(a.target(), a.target());
        Stmt.Assign withOld = new Stmt.Assign(old, ra.compound(), ra.value(), false, ra.pos());
        r = new Stmt.Assign(version, null, withOld.effectiveValue(), true, a.pos());
        current.put(a.target(), version);
        if (m.gradientFree().contains(a.target())) {
          gradientFree.add(version); // every version of a gradient-free local is one
        }
      }
      out.add(r);
    }
    Variable output = current.getOrDefault(m.output(), m.output());
    return new IrMethod(m.owner(), m.name(), m.params(), m.wrt(), m.returnType(), new Block(out), output, m.pos(),
        m.unpacked(), gradientFree);
  }
}
