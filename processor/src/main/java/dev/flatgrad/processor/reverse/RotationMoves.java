package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.SwappedBuffers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stage on a gradient method's finished passes: the copy that ends each rotation of swapped
 * buffers ({@code next = tmp.clone()}, which {@code lower.SwappedBuffers} gives the analyses so
 * that each array is written while one buffer holds it) is the user's move again ({@code next =
 * tmp}), where nothing could tell the two apart. The copy holds what the temporary's array held,
 * and that array is held by nothing else after the rotation; what differs is only that a later
 * trip writes into it again. At the end of the forward pass the buffers hold distinct arrays with
 * the same elements either way. So the copy stays where an array of a trip outlives it: a tape of
 * arrays (the popped array would hold a later trip's values), or a read in the backward pass of a
 * local array other than the buffers, but for its length (a temporary, a row of an earlier trip may
 * share a buffer's array). One copy less per trip, as the adjoints are swapped and not copied.
 * The same holds for a pullback's passes and, with the tangents' copies beside them ({@code
 * nextDot = tmpDot.clone()}, rotated as their values are), for the H·v method's. (The tangent
 * method, which has no backward pass, is made from the method as written, without the copies:
 * {@code engine.ForwardModes}.)
 */
public final class RotationMoves {

  private RotationMoves() {}

  /**
   * The passes with the copies made of {@code moves} ({@code next = tmp}) moves again, and the
   * backward pass's comments on them, if the passes let them be.
   */
  public static DeadStores.Passes apply(List<Stmt> forward, List<Stmt> backward, List<Stmt.Assign> moves,
      Set<Variable> buffers) {
    if (moves.isEmpty() || tapesArrays(forward) || readsLocalArrays(backward, buffers)) {
      return new DeadStores.Passes(forward, backward);
    }
    return new DeadStores.Passes(moved(forward, moves), moved(backward, moves));
  }

  /** {@link #apply} with the moves {@code swaps} made copies and their buffers. */
  public static DeadStores.Passes apply(DeadStores.Passes passes, SwappedBuffers swaps) {
    return apply(passes.forward(), passes.backward(), swaps.copiedMoves(), swaps.copiedBuffers());
  }

  /**
   * {@code moves} with the tangents' moves beside them ({@code nextDot = tmpDot} for {@code next
   * = tmp}), where {@code code} copies the tangents as it copies the values.
   */
  public static List<Stmt.Assign> withTangents(List<Stmt> code, List<Stmt.Assign> moves) {
    List<Stmt.Assign> out = new ArrayList<>(moves);
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        Variable from = s instanceof Stmt.Assign a && a.compound() == null ? copied(a.value()) : null;
        Variable to = from == null ? null : ((Stmt.Assign) s).target();
        if (from != null && isTangent(to) && isTangent(from) && moves.stream().anyMatch(m -> m.target() == to.primal()
            && m.value() instanceof Expr.Ref r && r.var() == from.primal())
            && out.stream().noneMatch(m -> m.target() == to)) {
          out.add(new Stmt.Assign(to, null, new Expr.Ref(from), false, s.pos()));
        }
      });
    }
    return out;
  }

  /** {@code buffers} with the tangents {@code code} has of them. */
  public static Set<Variable> withTangentBuffers(List<Stmt> code, Set<Variable> buffers) {
    Set<Variable> out = new LinkedHashSet<>(buffers);
    for (Variable v : Stmts.read(code)) {
      if (isTangent(v) && buffers.contains(v.primal())) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean isTangent(Variable v) {
    return v.kind() == Variable.Kind.TANGENT && v.primal() != null;
  }

  /** The variable whose array {@code e} copies ({@code t.clone()}, {@code Nd.copy(t)}), or null. */
  private static Variable copied(Expr e) {
    return NdCalls.copied(e) instanceof Expr.Ref r ? r.var() : null;
  }

  private static List<Stmt> moved(List<Stmt> code, List<Stmt.Assign> moves) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : Stmts.withNestedBlocks(code, inner -> moved(inner, moves))) {
      if (s instanceof Stmt.Comment c && c.about() != null) {
        out.add(new Stmt.Comment(c.text(), moved(List.of(c.about()), moves).get(0), c.pos()));
        continue;
      }
      Stmt.Assign move = s instanceof Stmt.Assign a && a.compound() == null ? moves.stream()
          .filter(m -> m.target() == a.target() && NdCalls.copy(m.value()).equals(a.value())).findFirst().orElse(null)
          : null;
      out.add(move == null ? s : new Stmt.Assign(move.target(), null, move.value(), ((Stmt.Assign) s).declares(), s.pos()));
    }
    return out;
  }

  private static boolean tapesArrays(List<Stmt> forward) {
    return Stmts.read(forward).stream().anyMatch(v -> v.kind() == Variable.Kind.STACK && v.type().isArray())
        || Stmts.declared(forward).stream().anyMatch(v -> v.kind() == Variable.Kind.STACK && v.type().isArray());
  }

  private static boolean readsLocalArrays(List<Stmt> backward, Set<Variable> buffers) {
    boolean[] reads = {false};
    for (Stmt top : backward) {
      Stmts.walk(top, s -> {
        reads[0] |= s instanceof Stmt.Store st && isOtherLocalArray(st.array(), buffers);
        for (Expr e : Stmts.ownExprs(s)) {
          reads[0] |= readsBeyondLength(e, buffers);
        }
      });
    }
    return reads[0];
  }

  /** Whether {@code e} reads a local array other than the buffers, but for its length. */
  private static boolean readsBeyondLength(Expr e, Set<Variable> buffers) {
    if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref) {
      return false;
    }
    if (e instanceof Expr.Ref r) {
      return isOtherLocalArray(r.var(), buffers);
    }
    return Exprs.children(e).stream().anyMatch(x -> readsBeyondLength(x, buffers));
  }

  private static boolean isOtherLocalArray(Variable v, Set<Variable> buffers) {
    return v.type().isArray() && (v.kind() == Variable.Kind.LOCAL || v.kind() == Variable.Kind.TEMP)
        && !buffers.contains(v);
  }
}
