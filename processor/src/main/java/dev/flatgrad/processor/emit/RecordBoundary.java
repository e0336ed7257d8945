package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Unpacked;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Record parameters at the boundary of a generated method ({@link Unpacked}): inside, the
 * engine's code has a variable per component; the method takes the record ({@code Params p}),
 * unpacks it at entry ({@code double[][] W1 = p.W1();}) and packs what it returns per component
 * into a record of the same type ({@code new Params(dW1, db1)}). A method without record
 * parameters has an empty boundary, which changes nothing.
 */
final class RecordBoundary {

  private final List<Unpacked> records;

  private RecordBoundary(List<Unpacked> records) {
    this.records = List.copyOf(records);
  }

  /** The boundary of {@code ir}'s own parameters. */
  static RecordBoundary of(IrMethod ir) {
    return new RecordBoundary(ir.unpacked());
  }

  boolean isEmpty() {
    return records.isEmpty();
  }

  /**
   * The boundary of variables that stand for the components one for one ({@code W1Dot} for {@code
   * W1}, as {@code leaves} maps them): each record's stand-in is {@code record} of it ({@code pDot}
   * for {@code p}). Components passed through have none: a direction's are never read.
   */
  RecordBoundary mapped(Map<Variable, Variable> leaves, Function<Variable, Variable> record) {
    Map<Variable, Variable> stand = new HashMap<>();
    return new RecordBoundary(records.stream().map(u -> map(u, leaves, record, stand)).toList());
  }

  private static Unpacked map(Unpacked u, Map<Variable, Variable> leaves, Function<Variable, Variable> record,
      Map<Variable, Variable> stand) {
    List<Unpacked.Part> parts = new ArrayList<>();
    for (Unpacked.Part p : u.parts()) {
      if (p.passedThrough()) {
        continue;
      }
      parts.add(p.leaf() != null ? new Unpacked.Part(p.component(), leaves.getOrDefault(p.leaf(), p.leaf()), null)
          : new Unpacked.Part(p.component(), null, map(p.nested(), leaves, record, stand)));
    }
    return new Unpacked(stand.computeIfAbsent(u.record(), record), parts);
  }

  /** The record whose component {@code v} is, if it is one. */
  Optional<Unpacked> recordOf(Variable v) {
    return records.stream().filter(u -> u.leaves().contains(v)).findFirst();
  }

  /** The method's parameters as declared: each record's components replaced by the record, where its first one is. */
  List<Variable> params(List<Variable> flat) {
    List<Variable> out = new ArrayList<>();
    for (Variable v : flat) {
      Optional<Unpacked> r = recordOf(v);
      if (r.isEmpty()) {
        out.add(v);
      } else if (r.get().leaves().stream().filter(flat::contains).findFirst().orElseThrow() == v) {
        out.add(r.get().record());
      }
    }
    return out;
  }

  /** The records among {@code params(flat)}, in order, with what they stand for. */
  List<Unpacked> records() {
    return records;
  }

  /** The declarations that read each component at entry: {@code double[][] W1 = p.W1();}. */
  List<Stmt> unpack() {
    List<Stmt> out = new ArrayList<>();
    records.forEach(u -> unpack(new Expr.Ref(u.record()), u, out));
    return out;
  }

  private static void unpack(Expr record, Unpacked u, List<Stmt> out) {
    for (Unpacked.Part p : u.parts()) {
      Type type = p.leaf() != null ? p.leaf().type() : p.nested().record().type();
      Expr read = Expr.FieldRef.accessor(u.type(), p.component(), type, record);
      if (p.leaf() != null) {
        out.add(new Stmt.Assign(p.leaf(), null, read, true, Pos.NONE));
      } else {
        unpack(read, p.nested(), out);
      }
    }
  }

  /**
   * {@code values}, one per variable of {@code flat}, one per variable of {@code params(flat)}: each
   * record's built, a component passed through as it was unpacked.
   */
  List<Expr> pack(List<Variable> flat, List<Expr> values) {
    Map<Variable, Expr> byLeaf = new HashMap<>();
    for (int i = 0; i < flat.size(); i++) {
      byLeaf.put(flat.get(i), values.get(i));
    }
    List<Expr> out = new ArrayList<>();
    for (Variable v : params(flat)) {
      Optional<Unpacked> record = records.stream().filter(u -> u.record() == v).findFirst();
      out.add(record.isPresent() ? pack(record.get(), byLeaf) : byLeaf.get(v));
    }
    return out;
  }

  private static Expr pack(Unpacked u, Map<Variable, Expr> byLeaf) {
    List<Expr> args = new ArrayList<>();
    for (Unpacked.Part p : u.parts()) {
      args.add(p.passedThrough() ? new Expr.Ref(p.leaf()) : p.leaf() != null ? byLeaf.get(p.leaf()) : pack(p.nested(), byLeaf));
    }
    return new Expr.Call(null, Callee.constructor(u.type(), args.stream().map(Expr::type).toList()), args, Pos.NONE);
  }

  /**
   * Each component's path from the record ({@code p.W1}, {@code p.layer.W}) with the component
   * variable, in order: how a check names and reads it.
   */
  static Map<Variable, List<String>> paths(Unpacked u) {
    Map<Variable, List<String>> out = new java.util.LinkedHashMap<>();
    paths(u, List.of(), out);
    return out;
  }

  private static void paths(Unpacked u, List<String> prefix, Map<Variable, List<String>> out) {
    for (Unpacked.Part p : u.parts()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(p.component());
      if (p.leaf() != null) {
        out.put(p.leaf(), path);
      } else {
        paths(p.nested(), path, out);
      }
    }
  }
}
