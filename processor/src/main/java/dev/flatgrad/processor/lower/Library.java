package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import java.util.List;

/**
 * The functions flatgrad has rules for (Math and Nd), as lowering sees them: calls resolve against
 * their signatures. The rule registry implements it, so lowering does not depend on the rules
 * (which are themselves lowered from their templates).
 */
public interface Library extends CallResolver {

  /** The overloads of {@code owner.name} that have rules (empty if none). */
  List<Callee> overloads(ClassRef owner, String name);
}
