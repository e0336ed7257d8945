package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.NdCalls;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.Intrinsics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage on the backward pass, before unread tapes go: the length of a local array that the
 * backward pass reads for nothing else ({@code du = new double[u.length]}, a loop's bound) is read
 * as a length known without it, where every array the local ever holds has that length: {@code
 * x0.length} for a {@code u} given only {@code x0.clone()} and {@code v}, with {@code v = new
 * double[u.length]}. The tape that kept each trip's {@code u} only for its length then goes
 * ({@link UnreadTapes}). A length is known without the array when it is a parameter's, an
 * {@code int} parameter, or a local of the method's top level assigned once where it is declared
 * (or its length), none of which changes while the method runs: an induction over the
 * assignments, each giving the local an array of that length if the others hold theirs.
 */
public final class InvariantLengths {

  /** Stands for a local whose arrays have lengths of more than one kind, or unknown ones. */
  private static final Expr UNKNOWN = new Expr.Ref(Variable.temp("unknownLength", Type.INT));

  private final Set<Variable> fixed;
  private final Map<Variable, Expr> initial;
  private final Map<Variable, List<Expr>> values = new LinkedHashMap<>();
  private final Map<Variable, Expr> lengths = new HashMap<>();

  private InvariantLengths(IrMethod ir) {
    List<Stmt> code = ir.body().stmts();
    Map<Variable, Integer> assignments = new HashMap<>();
    for (Stmt top : code) {
      Stmts.walk(top, s -> {
        if (s instanceof Stmt.Assign a) {
          assignments.merge(a.target(), 1, Integer::sum);
          if (a.target().type().isArray() && a.target().kind() != Variable.Kind.PARAMETER) {
            values.computeIfAbsent(a.target(), v -> new ArrayList<>())
                .add(a.compound() == null && a.value() != null ? a.value() : UNKNOWN);
          }
        }
      });
    }
    this.fixed = new LinkedHashSet<>();
    ir.params().stream().filter(p -> !assignments.containsKey(p)).forEach(fixed::add);
    this.initial = new HashMap<>();
    for (Stmt s : code) {
      if (s instanceof Stmt.Assign a && a.declares() && a.compound() == null && assignments.get(a.target()) == 1) {
        fixed.add(a.target());
        initial.put(a.target(), a.value());
      }
    }
  }

  /**
   * {@code backward} with such lengths read without their arrays, for each local whose restores in
   * it are read, and then go unread, by liveness from {@code kept} (the reads of its values, if
   * any, need none).
   */
  public static List<Stmt> apply(IrMethod ir, List<Stmt> backward, Set<Variable> kept) {
    InvariantLengths l = new InvariantLengths(ir);
    l.solve();
    Set<Variable> restored = Stmts.written(backward, Stmt.Assign.class);
    for (Map.Entry<Variable, Expr> e : l.lengths.entrySet()) {
      Variable v = e.getKey();
      if (e.getValue() == UNKNOWN || l.fixed.contains(v) || !restored.contains(v)
          || restoresUnread(backward, v, DeadStores.unreadAssignments(backward, kept))) {
        continue;
      }
      List<Stmt> rewritten = new ArrayList<>();
      for (Stmt s : backward) {
        rewritten.add(Stmts.mapExprs(s, x -> Exprs.rewrite(x, y -> y instanceof Expr.Length len
            && len.array() instanceof Expr.Ref r && r.var() == v ? e.getValue() : y)));
      }
      if (restoresUnread(rewritten, v, DeadStores.unreadAssignments(rewritten, kept))) {
        backward = rewritten;
      }
    }
    return backward;
  }

  private static boolean restoresUnread(List<Stmt> backward, Variable v, Set<Stmt> unread) {
    boolean[] read = {false};
    for (Stmt top : backward) {
      Stmts.walk(top, s -> read[0] |= s instanceof Stmt.Assign a && a.target() == v && !unread.contains(s));
    }
    return !read[0];
  }

  /**
   * Each local's length, optimistically: a local none of whose values is known yet is left out of
   * the others' until it is, one whose values disagree is unknown.
   */
  private void solve() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Variable, List<Expr>> e : values.entrySet()) {
        Expr length = null;
        for (Expr value : e.getValue()) {
          Expr l = lengthOf(value);
          if (l != null) {
            length = length == null || length.equals(l) ? l : UNKNOWN;
          }
        }
        if (length != null && !length.equals(lengths.get(e.getKey()))) {
          lengths.put(e.getKey(), length);
          changed = true;
        }
      }
    }
  }

  /** The length of the array {@code value} makes: a fixed term, UNKNOWN, or null while a local it copies has none yet. */
  private Expr lengthOf(Expr value) {
    if (value instanceof Expr.NewArray n) {
      return term(n.dims().get(0));
    }
    if (value instanceof Expr.Call c && Intrinsics.isClone(c.callee()) && c.receiver() != null) {
      return lengthOf(c.receiver());
    }
    if (NdCalls.is(value, "copy") && ((Expr.Call) value).args().size() == 1) {
      return lengthOf(((Expr.Call) value).args().get(0));
    }
    if (value instanceof Expr.Ref r) {
      return arrayLength(r.var());
    }
    return UNKNOWN;
  }

  private Expr arrayLength(Variable array) {
    if (values.containsKey(array)) {
      return lengths.get(array);
    }
    return fixed.contains(array) ? new Expr.Length(new Expr.Ref(array)) : UNKNOWN;
  }

  /** An int expression as a term of fixed values (its locals' initial values in), UNKNOWN if it is none. */
  private Expr term(Expr e) {
    if (e instanceof Expr.Const c && c.type().isIntegral()) {
      return e;
    }
    if (e instanceof Expr.Ref r && fixed.contains(r.var()) && !r.var().type().isArray()) {
      Expr init = initial.get(r.var());
      Expr t = init == null ? null : term(init);
      return t == null || t == UNKNOWN ? e : t;
    }
    if (e instanceof Expr.Length l && l.array() instanceof Expr.Ref r) {
      return arrayLength(r.var());
    }
    return UNKNOWN;
  }
}
