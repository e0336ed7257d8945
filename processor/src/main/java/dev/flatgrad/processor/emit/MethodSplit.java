package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.Block;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a gradient method too large for one JVM method (64 KB of bytecode; HotSpot compiles none
 * over 8000 bytes) is cut into several: its forward and its backward statements, in order, into
 * parts of at most {@link #LIMIT} estimated bytes each, which the method calls one after the other.
 * A statement too large on its own has its branches or loop body moved into parts of their own.
 * What one part leaves for another lives in a small state object: a part loads the values it reads
 * at its start and stores those others read at its end, so its body is the code as it would have
 * been in one method. Parameters never assigned are passed as they are.
 */
public final class MethodSplit {

  /** The most estimated bytecode a method gets (see {@link CodeSize}): what HotSpot still compiles. */
  static final int LIMIT = 8000;

  /** The limit in force: tests set a smaller one ({@code -Dflatgrad.splitLimit=N}) to cut every method. */
  private static int limit() {
    return Integer.getInteger("flatgrad.splitLimit", LIMIT);
  }

  private final int limit = limit();

  /** What the call of a part costs its caller, at a guess (the syncs around it included). */
  private static final int CALL = 64;

  /** What loading a value from the state, or storing one there, costs a part. */
  private static final int TRANSFER = 8;

  /** One method the code is cut into. */
  static final class Part {
    final String name;
    final List<Stmt> body;
    /** The values it reads from the state when it starts, and those it leaves there when it ends. */
    final Set<Variable> loads = new LinkedHashSet<>();
    final Set<Variable> stores = new LinkedHashSet<>();
    /** The unassigned parameters of the method it uses, passed as arguments. */
    final List<Variable> params = new ArrayList<>();

    Part(String name, List<Stmt> body) {
      this.name = name;
      this.body = body;
    }
  }

  /**
   * A block (a branch, a loop body) moved out of a part into parts of its own, called in order.
   * Around the calls, the calling part puts the values it holds that the block reads into the state
   * ({@code before}), and takes back those the block changes ({@code after}).
   */
  static final class Outlined {
    final List<Part> parts;
    final Set<Variable> before = new LinkedHashSet<>();
    final Set<Variable> after = new LinkedHashSet<>();

    Outlined(List<Part> parts) {
      this.parts = parts;
    }
  }

  final List<Part> forward = new ArrayList<>();
  final List<Part> backward = new ArrayList<>();
  /** The blocks moved out of parts, by identity of their statement lists. */
  final Map<List<Stmt>, Outlined> outlined = new IdentityHashMap<>();
  /** The values some part reads but does not make: the fields of the state object. */
  final Set<Variable> shared = new LinkedHashSet<>();
  /** Parameters no statement assigns: passed to the parts that read them. */
  final List<Variable> direct = new ArrayList<>();
  /** The method's parameters (directions of tangent code too): a shared one starts in the state. */
  final List<Variable> methodParams = new ArrayList<>();

  private final String method;
  private final List<Part> all = new ArrayList<>();
  private final Map<String, Integer> counts = new java.util.HashMap<>();

  private MethodSplit(String method) {
    this.method = method;
  }

  /** Whether the method's statements need cutting. */
  public static boolean needed(List<Stmt> forward, List<Stmt> backward) {
    return CodeSize.of(forward) + CodeSize.of(backward) > limit();
  }

  /**
   * Cuts a method's forward and backward statements; {@code results} are what it returns, read
   * after the last part.
   */
  static MethodSplit of(String method, List<Variable> params, List<Stmt> forward, List<Stmt> backward,
      List<Expr> results) {
    MethodSplit split = new MethodSplit(method);
    split.methodParams.addAll(params);
    List<Stmt> everything = new ArrayList<>(forward);
    everything.addAll(backward);
    Set<Variable> assigned = Stmts.written(everything, Stmt.Assign.class);
    for (Variable p : params) {
      if (!assigned.contains(p)) {
        split.direct.add(p);
      }
    }
    split.forward.addAll(split.cut(forward, "Forward"));
    split.backward.addAll(split.cut(backward, "Backward"));
    for (Part part : split.all) {
      split.loadsOf(part);
      split.shared.addAll(part.loads);
    }
    for (Expr e : results) {
      split.shared.addAll(Exprs.reads(e));
    }
    split.direct.forEach(split.shared::remove);
    for (Part part : split.all) {
      split.storesOf(part);
      split.syncsAround(part);
    }
    return split;
  }

  /** The statements in parts of at most the limit, named {@code <method><kind><n>}. */
  private List<Part> cut(List<Stmt> stmts, String kind) {
    List<Part> parts = new ArrayList<>();
    List<Stmt> current = new ArrayList<>();
    Set<Variable> known = new java.util.HashSet<>();
    int size = 0;
    for (Stmt s : stmts) {
      int own = CodeSize.of(s);
      if (own > limit) {
        own = outlineInside(s);
      }
      int transfers = transfers(s, known);
      if (!current.isEmpty() && size + own + transfers > limit) {
        // A comment heads what follows it: it goes with it into the next part.
        List<Stmt> comments = new ArrayList<>();
        while (!current.isEmpty() && current.get(current.size() - 1) instanceof Stmt.Comment) {
          comments.add(0, current.remove(current.size() - 1));
        }
        parts.add(part(current, kind));
        current = comments;
        known.clear();
        size = 0;
        transfers = transfers(s, known);
      }
      current.add(s);
      size += own + transfers;
      known.addAll(uses(s));
    }
    if (!current.isEmpty()) {
      parts.add(part(current, kind));
    }
    return parts;
  }

  /**
   * What a statement adds to the loads at the start of its part and the stores at its end: each
   * value it uses that the part has not met yet, and the one it declares.
   */
  private static int transfers(Stmt s, Set<Variable> known) {
    Variable declared = declaredBy(s);
    int n = declared != null ? 1 : 0;
    for (Variable v : uses(s)) {
      if (v != declared && !known.contains(v)) {
        n++;
      }
    }
    return n * TRANSFER;
  }

  private static Set<Variable> uses(Stmt s) {
    return uses(List.of(s));
  }

  /** The variable a statement declares at its own level, if it declares one. */
  private static Variable declaredBy(Stmt s) {
    return s instanceof Stmt.Assign a && a.declares() ? a.target() : s instanceof Stmt.Declare d ? d.target() : null;
  }

  /** A part named {@code <method><kind><n>}, numbered by kind. */
  private Part part(List<Stmt> body, String kind) {
    Part p = new Part(method + kind + counts.merge(kind, 1, Integer::sum), List.copyOf(body));
    all.add(p);
    return p;
  }

  /** Every part, those of outlined blocks last, each kind in order. */
  List<Part> parts() {
    List<Part> out = new ArrayList<>(forward);
    out.addAll(backward);
    all.stream().filter(p -> !forward.contains(p) && !backward.contains(p)).forEach(out::add);
    return out;
  }

  /**
   * Moves the large blocks of a large statement (branches, a loop body) into parts of their own,
   * unless a jump leaves them; returns what the statement then costs.
   */
  private int outlineInside(Stmt s) {
    List<Block> blocks = new ArrayList<>();
    if (s instanceof Stmt.If f) {
      blocks.add(f.then());
      blocks.add(f.otherwise());
    } else if (s instanceof Stmt.Loop l) {
      blocks.add(l.body());
    }
    int size = CodeSize.of(s);
    for (Block b : blocks) {
      int own = CodeSize.of(b.stmts());
      if (own > limit / 4 && !jumpsOut(b.stmts()) && !outlined.containsKey(b.stmts())) {
        List<Part> parts = cut(b.stmts(), "Block");
        outlined.put(b.stmts(), new Outlined(parts));
        // The calls, and the values synced through the state around them (put before, taken after).
        size += CALL * parts.size() - own + 2 * TRANSFER * uses(b.stmts()).size();
      }
    }
    return size;
  }

  /**
   * Whether a break, continue or return in the statements leaves them (not an inner loop), or a
   * throw ends them (a method of its own would need no return after it).
   */
  private static boolean jumpsOut(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (Stmts.leaves(s)) {
        return true;
      }
      if (s instanceof Stmt.If f && (jumpsOut(f.then().stmts()) || jumpsOut(f.otherwise().stmts()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a part's own code (not the blocks moved out of it, which load their own) reads that it
   * does not declare: loaded from the state at its start; parameters are passed instead.
   */
  private void loadsOf(Part part) {
    Set<Variable> declared = new LinkedHashSet<>();
    for (Variable v : ownUses(part.body, declared)) {
      if (direct.contains(v)) {
        part.params.add(v);
      } else if (!declared.contains(v)) {
        part.loads.add(v);
      }
    }
    // A block moved out may read parameters the part's own code does not: it is passed them too.
    for (Variable v : uses(part.body)) {
      if (direct.contains(v) && !part.params.contains(v)) {
        part.params.add(v);
      }
    }
    part.params.sort(java.util.Comparator.comparingInt(direct::indexOf));
  }

  /**
   * The variables the statements use, outside the blocks moved out of them; {@code declared}
   * receives those they declare there.
   */
  private Set<Variable> ownUses(List<Stmt> stmts, Set<Variable> declared) {
    Set<Variable> used = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      Variable target = s instanceof Stmt.Declare d ? d.target() : Stmts.target(s);
      if (s instanceof Stmt.Assign a && a.declares() || s instanceof Stmt.Declare) {
        declared.add(target);
      }
      if (target != null) {
        used.add(target);
      }
      for (Expr e : Stmts.ownExprs(s)) {
        used.addAll(Exprs.reads(e));
      }
      if (s instanceof Stmt.If f) {
        used.addAll(ownUses(f.then(), declared));
        used.addAll(ownUses(f.otherwise(), declared));
      } else if (s instanceof Stmt.Loop l) {
        used.addAll(ownUses(l.init(), declared));
        used.addAll(ownUses(l.update(), declared));
        used.addAll(ownUses(l.body(), declared));
      }
    }
    return used;
  }

  private Set<Variable> ownUses(Block b, Set<Variable> declared) {
    return outlined.containsKey(b.stmts()) ? Set.of() : ownUses(b.stmts(), declared);
  }

  /** The variables the statements use anywhere, moved-out blocks included. */
  private static Set<Variable> uses(List<Stmt> stmts) {
    Set<Variable> used = Stmts.read(stmts);
    used.addAll(Stmts.assigned(stmts));
    return used;
  }

  /**
   * Around each block moved out of a part's own code: the values the part holds (loaded or
   * declared by its own code) that the block uses go into the state before the calls, and those it
   * assigns come back after.
   */
  private void syncsAround(Part part) {
    Set<Variable> held = new LinkedHashSet<>(part.loads);
    ownUses(part.body, held);
    forEachOutlined(part.body, block -> {
      Outlined o = outlined.get(block);
      Set<Variable> inside = Stmts.declared(block);
      Set<Variable> changed = Stmts.written(block, Stmt.Assign.class);
      for (Variable v : uses(block)) {
        if (held.contains(v) && !inside.contains(v)) {
          o.before.add(v);
          if (changed.contains(v)) {
            o.after.add(v);
          }
        }
      }
    });
  }

  /** The outlined blocks of the statements' own code (not those inside them). */
  private void forEachOutlined(List<Stmt> stmts, java.util.function.Consumer<List<Stmt>> action) {
    for (Stmt s : stmts) {
      List<Block> blocks = s instanceof Stmt.If f ? List.of(f.then(), f.otherwise())
          : s instanceof Stmt.Loop l ? List.of(l.body()) : List.of();
      for (Block b : blocks) {
        if (outlined.containsKey(b.stmts())) {
          action.accept(b.stmts());
        } else {
          forEachOutlined(b.stmts(), action);
        }
      }
    }
  }

  /** What a part leaves in the state: the shared values it declares, and those it changes. */
  private void storesOf(Part part) {
    Set<Variable> changed = Stmts.written(part.body, Stmt.Assign.class);
    for (Stmt s : part.body) {
      Variable declared = s instanceof Stmt.Assign a && a.declares() ? a.target()
          : s instanceof Stmt.Declare d ? d.target() : null;
      if (declared != null && shared.contains(declared)) {
        part.stores.add(declared);
      }
    }
    for (Variable v : part.loads) {
      if (changed.contains(v) && shared.contains(v)) {
        part.stores.add(v);
      }
    }
  }
}
