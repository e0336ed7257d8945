package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.chain.ShapeProxy;
import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.rules.AdjointRule;
import dev.flatgrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage: staging. A sub-expression the user wrote inline is given a name (a temporary declared
 * just before its statement) only when the backward pass needs its value: when a rule reads its
 * result ({@code out} of {@code exp}) or reads it as an input ({@code x} of {@code x * y}) and it
 * is neither a variable nor cheap to evaluate again. A conditional whose branches hold such
 * values becomes an if statement, so that nothing is evaluated on a path not taken.
 */
public final class Staging {

  private final Differentiation diff;
  private final Activity activity;

  public Staging(Differentiation diff, Activity activity) {
    this.diff = diff;
    this.activity = activity;
  }

  public Block stage(Block block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : block.stmts()) {
      stage(s, out);
    }
    return new Block(out);
  }

  private void stage(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.If f) {
      out.add(new Stmt.If(f.cond(), stage(f.then()), stage(f.otherwise()), f.pos()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Loop(l.kind(), l.init(), l.cond(), l.update(), stage(l.body()), l.pos()));
    } else if (s instanceof Stmt.Assign a && activity.isActive(a.target())
        && activity.isActive(a.effectiveValue())) {
      if (a.compound() == null && a.value() instanceof Expr.Cond c) {
        Set<Expr> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        mark(c, true, needed);
        if (containsNeeded(c, needed)) {
          liftInto(a, c, out);
          return;
        }
      }
      Expr value = stageValue(a.value(), a.compound() == null, a.pos(), out);
      out.add(new Stmt.Assign(a.target(), a.compound(), value, a.declares(), a.pos()));
    } else if (s instanceof Stmt.Store st && activity.isActive(st.array())
        && activity.isActive(st.effectiveValue())) {
      Expr value = stageValue(st.value(), st.compound() == null, st.pos(), out);
      out.add(new Stmt.Store(st.array(), st.indices(), st.compound(), value, st.pos()));
    } else {
      out.add(s);
    }
  }

  /** Stages what the backward pass of {@code value} needs; returns the rewritten value. */
  private Expr stageValue(Expr value, boolean isRoot, dev.flatgrad.processor.ir.Pos pos, List<Stmt> out) {
    Set<Expr> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    mark(value, isRoot, needed);
    return rewrite(value, isRoot, needed, pos, out);
  }

  /** Marks the nodes under {@code e} whose values some rule reads. */
  private void mark(Expr e, boolean isRoot, Set<Expr> needed) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Index index) {
      // An element of a computed array (vector(y, h)[0], Nd.softmax(z)[k]): the array gets a name,
      // whose adjoint the element's passes into.
      Expr base = index;
      while (base instanceof Expr.Index i) {
        base = i.array();
      }
      if (!(base instanceof Expr.Ref)) {
        needed.add(base);
      }
    }
    Optional<Differentiation.Gate> gate = diff.gate(e);
    if (gate.isPresent()) {
      AdjointRule r = gate.get().rule();
      List<Expr> inputs = gate.get().inputs();
      for (int i = 0; i < inputs.size(); i++) {
        if (!activity.isActive(inputs.get(i)) || !r.contributions().containsKey(r.inputs().get(i))) {
          continue;
        }
        Expr contribution = r.contributions().get(r.inputs().get(i));
        for (int j = 0; j < inputs.size(); j++) {
          Variable input = r.inputs().get(j);
          boolean forValue = ShapeProxy.readsValue(contribution, input, diff.rules())
              || r.locals().stream().anyMatch(l -> Exprs.reads(contribution, l.target())
                  && Exprs.reads(l.value(), input));
          if (forValue || readsDeep(r, contribution, input) && ShapeProxy.of(inputs.get(j)).isEmpty()) {
            needed.add(inputs.get(j));
          }
        }
        if (!isRoot && r.readsOut(i)) {
          needed.add(e);
        }
      }
      for (Expr input : inputs) {
        mark(input, false, needed);
      }
      return;
    }
    for (Expr child : diff.differentiableChildren(e)) {
      mark(child, false, needed);
    }
  }

  private static boolean readsDeep(AdjointRule r, Expr contribution, Variable v) {
    if (Exprs.reads(contribution, v)) {
      return true;
    }
    for (Stmt.Assign local : r.locals()) {
      if (Exprs.reads(contribution, local.target()) && Exprs.reads(local.value(), v)) {
        return true;
      }
    }
    return false;
  }

  private Expr rewrite(
      Expr e, boolean isRoot, Set<Expr> needed, dev.flatgrad.processor.ir.Pos pos, List<Stmt> out) {
    if (e instanceof Expr.Cond c && activity.isActive(c) && containsNeeded(c, needed)) {
      return lift(c, pos, out);
    }
    Expr rebuilt = rebuildChildren(e, needed, pos, out);
    if (!isRoot && needed.contains(e) && !cheap(e) && !cheap(rebuilt)) {
      Variable temp = Variable.temp(Hints.of(e), e.type());
      out.add(new Stmt.Assign(temp, null, rebuilt, true, pos));
      return new Expr.Ref(temp);
    }
    return rebuilt;
  }

  private Expr rebuildChildren(Expr e, Set<Expr> needed, dev.flatgrad.processor.ir.Pos pos, List<Stmt> out) {
    if (e instanceof Expr.Index i) {
      Expr array = rewrite(i.array(), false, needed, pos, out);
      if (needed.contains(i.array()) && !(array instanceof Expr.Ref)) {
        // a call computed ahead is cheap to read again, but its element's adjoint needs a named array
        Variable temp = Variable.temp(Hints.of(array), array.type());
        out.add(new Stmt.Assign(temp, null, array, true, pos));
        array = new Expr.Ref(temp);
      }
      return new Expr.Index(array, rewrite(i.index(), false, needed, pos, out));
    }
    if (e instanceof Expr.Binary b) {
      Expr l = rewrite(b.left(), false, needed, pos, out);
      Expr r = rewrite(b.right(), false, needed, pos, out);
      return new Expr.Binary(b.op(), l, r, b.type());
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), rewrite(u.operand(), false, needed, pos, out), u.type());
    }
    if (e instanceof Expr.Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(rewrite(a, false, needed, pos, out));
      }
      Expr receiver = c.receiver() == null ? null : rewrite(c.receiver(), false, needed, pos, out);
      Expr.Call call = new Expr.Call(receiver, c.callee(), args, c.pos());
      if (diff.precomputes(c) && activity.isActive(c)) {
        // Computed ahead, once: the record holds the value, and what the backward pass reads.
        Expr.Call ahead = diff.precomputedCall(call);
        Variable record = Variable.temp(c.callee().name(), ahead.type());
        out.add(new Stmt.Assign(record, null, ahead, true, pos));
        return new Expr.Precomputed(record, call);
      }
      return call;
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), rewrite(c.operand(), false, needed, pos, out));
    }
    if (e instanceof Expr.ArrayLit a) {
      List<Expr> elements = new ArrayList<>();
      for (Expr x : a.elements()) {
        elements.add(rewrite(x, false, needed, pos, out));
      }
      return new Expr.ArrayLit(a.type(), elements);
    }
    return e;
  }

  /** {@code c ? a : b} with staged values in its branches becomes an if statement. */
  private Expr lift(Expr.Cond c, dev.flatgrad.processor.ir.Pos pos, List<Stmt> out) {
    Variable temp = Variable.temp(Hints.of(c), c.type());
    out.add(new Stmt.Declare(temp, pos));
    out.add(new Stmt.If(c.cond(), arm(temp, c.whenTrue(), pos), arm(temp, c.whenFalse(), pos), pos));
    return new Expr.Ref(temp);
  }

  /** {@code y = c ? a : b} with staged values in its branches: {@code if (c) y = a; else y = b;}. */
  private void liftInto(Stmt.Assign a, Expr.Cond c, List<Stmt> out) {
    if (a.declares()) {
      out.add(new Stmt.Declare(a.target(), a.pos()));
    }
    out.add(new Stmt.If(c.cond(), arm(a.target(), c.whenTrue(), a.pos()),
        arm(a.target(), c.whenFalse(), a.pos()), a.pos()));
  }

  /** A branch of a lifted conditional: {@code target = value}, with what its backward pass needs. */
  private Block arm(Variable target, Expr value, dev.flatgrad.processor.ir.Pos pos) {
    List<Stmt> out = new ArrayList<>();
    Expr staged = activity.isActive(value) ? stageValue(value, true, pos, out) : value;
    out.add(new Stmt.Assign(target, null, staged, false, pos));
    return new Block(out);
  }

  private boolean containsNeeded(Expr.Cond c, Set<Expr> needed) {
    boolean[] found = {false};
    Exprs.walk(c.whenTrue(), x -> found[0] |= needed.contains(x) && !cheap(x));
    Exprs.walk(c.whenFalse(), x -> found[0] |= needed.contains(x) && !cheap(x));
    return found[0];
  }

  /** A constant (literal, named, a static field) times (or a variable over) a variable or element. */
  private static boolean isScaling(Expr.Binary b) {
    boolean constLeft = Simplifier.isConstant(b.left()) && (Exprs.isAtom(b.right()) || b.right() instanceof Expr.Index);
    boolean constRight = Simplifier.isConstant(b.right()) && (Exprs.isAtom(b.left()) || b.left() instanceof Expr.Index);
    return b.type().equals(Type.DOUBLE)
        && (b.op() == dev.flatgrad.processor.ir.BinaryOp.MUL && (constLeft || constRight)
            || b.op() == dev.flatgrad.processor.ir.BinaryOp.DIV && constRight);
  }

  /** Whether a loop's backward trip computes this value again rather than tape it: a call's saved values. */
  public boolean recomputes(Expr e) {
    return diff.recomputes(e);
  }

  /**
   * Cheap enough to evaluate again in the backward pass rather than name: variables, constants,
   * element reads, lengths, casts, and inactive arithmetic of those.
   */
  public boolean cheap(Expr e) {
    if (Exprs.isAtom(e) || e instanceof Expr.Precomputed) {
      return true;
    }
    if (e instanceof Expr.Index i) {
      return cheap(i.array()) && cheap(i.index());
    }
    if (e instanceof Expr.Length l) {
      return cheap(l.array());
    }
    if (e instanceof Expr.Cast c) {
      return cheap(c.operand());
    }
    if (e instanceof Expr.Unary u) {
      return cheap(u.operand()) && (u.type().isScalar());
    }
    if (e instanceof Expr.Binary b && isScaling(b)) {
      return true; // 0.5 * v: as cheap to compute again as to read
    }
    if (e instanceof Expr.Binary b) {
      boolean inactive = !e.type().isDifferentiable() || !activity.isActive(e);
      boolean simple = b.op() != dev.flatgrad.processor.ir.BinaryOp.DIV || !b.type().equals(Type.DOUBLE);
      return inactive && simple && b.type().isScalar() && cheap(b.left()) && cheap(b.right());
    }
    return false;
  }
}
