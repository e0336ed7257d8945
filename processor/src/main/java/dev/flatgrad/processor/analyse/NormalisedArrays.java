package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Loops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For the proof of {@link ScalarShifts} only, never emitted: the method with each loop of {@code
 * block} that rewrites an array of the block's own element by element in place ({@code p[i] =
 * Math.exp(p[i] - m)}, then {@code p[i] /= s}) writing a new array instead, which the rest of the
 * block reads in its place. {@link ShiftMoves} gives each variable one move over the whole method:
 * {@code p} holding scores that do not move, then their exponentials that move by a factor, then
 * those normalised that do not move, is a move it cannot tell; as three arrays, each has one. The
 * new array is the same program where the loop replaces every element once, reading no other: it
 * counts from 0 by one while below the array's length (or the length it was made with), writes
 * {@code p[i]} once at the top level of its body, leaves by no jump, and reads {@code p} only as
 * {@code p[i]} and {@code p.length}; {@code p} is assigned once, declared in {@code block} before
 * the loop, so each element's old value is read before its write and its new one after it.
 */
final class NormalisedArrays {

  /** The method as the proof reads it, and {@code block} within it. */
  record Split(IrMethod method, Block block) {}

  private NormalisedArrays() {}

  /** The method and block split so, or null where the block normalises no array in place. */
  static Split of(IrMethod m, Block block) {
    Map<Variable, Variable> current = new HashMap<>();
    List<Stmt> out = new ArrayList<>();
    List<Stmt> stmts = block.stmts();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      Variable p = s instanceof Stmt.Loop l ? normalised(m, stmts.subList(0, k), l) : null;
      if (p == null) {
        out.add(Stmts.rename(s, current));
        continue;
      }
      Variable before = current.getOrDefault(p, p);
      Variable after = Variable.temp(p.hint() + "Normalised", p.type());
      out.add(new Stmt.Assign(after, null,
          new Expr.NewArray(p.type(), List.of(new Expr.Length(new Expr.Ref(before)))), true, Pos.NONE));
      out.add(split((Stmt.Loop) s, p, before, after, current));
      current.put(p, after);
    }
    if (current.isEmpty()) {
      return null;
    }
    Block renamed = new Block(out);
    return new Split(m.withBody(replaced(m.body(), block, renamed)), renamed);
  }

  /** The loop with its write of {@code p[i]} writing {@code after}, which the statements after it read. */
  private static Stmt split(Stmt.Loop l, Variable p, Variable before, Variable after, Map<Variable, Variable> current) {
    Map<Variable, Variable> rename = new HashMap<>(current);
    List<Stmt> body = new ArrayList<>();
    boolean written = false;
    for (Stmt s : l.body().stmts()) {
      if (s instanceof Stmt.Store st && st.array() == p) {
        rename.put(p, before);
        Stmt.Store renamed = (Stmt.Store) Stmts.rename(st, rename);
        body.add(new Stmt.Store(after, renamed.indices(), null, renamed.effectiveValue(), st.pos()));
        written = true;
        continue;
      }
      rename.put(p, written ? after : before);
      body.add(Stmts.rename(s, rename));
    }
    rename.put(p, before);
    return new Stmt.Loop(l.kind(), l.init().stream().map(s -> Stmts.rename(s, current)).toList(),
        Exprs.substitute(l.cond(), Map.of(p, new Expr.Ref(before))), l.update(), new Block(body), l.pos());
  }

  /** The array {@code l} rewrites in place as the class comment says, or null. */
  private static Variable normalised(IrMethod m, List<Stmt> earlier, Stmt.Loop l) {
    Loops.Counting c = Loops.counting(l).orElse(null);
    if (c == null || c.hasBreak() || c.step() != 1 || !(c.from() instanceof Expr.Const zero) || zero.value() != 0
        || !(l.cond() instanceof Expr.Binary test) || test.op() != BinaryOp.LT
        || !(test.left() instanceof Expr.Ref r) || r.var() != c.index()) {
      return null;
    }
    for (Stmt s : l.body().stmts()) {
      if (s instanceof Stmt.Store st && isOwnElement(st, c.index()) && rewritesEachElement(m, earlier, l, st, test.right())) {
        return st.array();
      }
    }
    return null;
  }

  /** {@code p[i] = ...} or {@code p[i] op= ...} of a vector. */
  private static boolean isOwnElement(Stmt.Store st, Variable i) {
    return st.indices().size() == 1 && st.indices().get(0) instanceof Expr.Ref r && r.var() == i;
  }

  /**
   * Whether {@code st} is the one write into its array in {@code l}'s body, the array made once in
   * {@code earlier} with as many elements as the loop makes trips, and the body reads it only as
   * {@code p[i]} and {@code p.length} and leaves by no jump.
   */
  private static boolean rewritesEachElement(IrMethod m, List<Stmt> earlier, Stmt.Loop l, Stmt.Store st, Expr bound) {
    Variable p = st.array();
    Expr.NewArray made = madeOnceIn(m, earlier, p);
    if (made == null || made.dims().size() != 1
        || !(isLengthOf(bound, p) || bound.equals(made.dims().get(0)) && stable(m, bound))) {
      return false;
    }
    Variable i = ((Expr.Ref) st.indices().get(0)).var();
    boolean[] ok = {true};
    for (Stmt s : l.body().stmts()) {
      Stmts.walk(s, x -> {
        ok[0] &= !(x instanceof Stmt.Break || x instanceof Stmt.Continue || x instanceof Stmt.Return
            || x instanceof Stmt.Throw);
        ok[0] &= x == st || !(x instanceof Stmt.Store other && other.array() == p);
        Stmts.ownExprs(x).forEach(e -> ok[0] &= readsOnlyElementOrLength(e, p, i));
      });
    }
    return ok[0];
  }

  /**
   * The array {@code p} is made with, if its one assignment in the method is a declaration among
   * {@code earlier} (the statements of the block before the loop); null otherwise.
   */
  private static Expr.NewArray madeOnceIn(IrMethod m, List<Stmt> earlier, Variable p) {
    List<Stmt.Assign> assignments = new ArrayList<>();
    Stmts.walk(m.body(), s -> {
      if (s instanceof Stmt.Assign a && a.target() == p) {
        assignments.add(a);
      }
    });
    return assignments.size() == 1 && earlier.contains(assignments.get(0)) && assignments.get(0).declares()
        && assignments.get(0).value() instanceof Expr.NewArray n ? n : null;
  }

  /**
   * Whether {@code e} has the same value wherever it is in scope: constants, and the lengths and
   * values of variables assigned by one statement at most (which runs before either reading).
   */
  private static boolean stable(IrMethod m, Expr e) {
    boolean[] ok = {true};
    Exprs.walk(e, x -> ok[0] &= x instanceof Expr.Const || x instanceof Expr.Length
        || x instanceof Expr.Binary && !x.type().equals(dev.flatgrad.processor.ir.Type.DOUBLE)
        || x instanceof Expr.Ref r && assignments(m, r.var()) <= 1);
    return ok[0];
  }

  private static int assignments(IrMethod m, Variable v) {
    int[] n = {0};
    Stmts.walk(m.body(), s -> n[0] += Stmts.target(s) == v ? 1 : 0);
    return n[0];
  }

  private static boolean isLengthOf(Expr e, Variable p) {
    return e instanceof Expr.Length len && len.array() instanceof Expr.Ref r && r.var() == p;
  }

  /** Whether every read of {@code p} in {@code e} is {@code p[i]} or {@code p.length}. */
  private static boolean readsOnlyElementOrLength(Expr e, Variable p, Variable i) {
    if (e instanceof Expr.Index x && x.array() instanceof Expr.Ref r && r.var() == p) {
      return x.index() instanceof Expr.Ref j && j.var() == i;
    }
    if (isLengthOf(e, p)) {
      return true;
    }
    if (e instanceof Expr.Ref r) {
      return r.var() != p;
    }
    return Exprs.children(e).stream().allMatch(c -> readsOnlyElementOrLength(c, p, i));
  }

  /** {@code body} with {@code old} (by identity) replaced by {@code with}. */
  private static Block replaced(Block body, Block old, Block with) {
    if (body == old) {
      return with;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body.stmts()) {
      if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(f.cond(), replaced(f.then(), old, with), replaced(f.otherwise(), old, with), f.pos()));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), replaced(l.body(), old, with), l.pos()));
      } else {
        out.add(s);
      }
    }
    return new Block(out);
  }
}
