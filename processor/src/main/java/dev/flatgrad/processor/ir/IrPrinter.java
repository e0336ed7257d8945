package dev.flatgrad.processor.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A plain-text dump of IR for debugging ({@code -Aflatgrad.dumpIr=true}). */
public final class IrPrinter {

  private final StringBuilder out = new StringBuilder();
  private final Map<Variable, String> names = new HashMap<>();

  private IrPrinter() {}

  public static String print(List<Stmt> stmts) {
    IrPrinter p = new IrPrinter();
    p.stmts(stmts, 0);
    return p.out.toString();
  }

  private String name(Variable v) {
    return names.computeIfAbsent(v, x -> x.hint() + (names.size() == 0 ? "" : "'" + names.size()));
  }

  private void stmts(List<Stmt> stmts, int indent) {
    for (Stmt s : stmts) {
      stmt(s, indent);
    }
  }

  private void line(int indent, String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  private void stmt(Stmt s, int indent) {
    if (s instanceof Stmt.Assign a) {
      line(indent, (a.declares() ? a.target().type() + " " : "") + name(a.target()) + " "
          + (a.compound() == null ? "" : a.compound().symbol()) + "= " + expr(a.value()));
    } else if (s instanceof Stmt.Store st) {
      line(indent, expr(st.element()) + " " + (st.compound() == null ? "" : st.compound().symbol()) + "= " + expr(st.value()));
    } else if (s instanceof Stmt.Declare d) {
      line(indent, d.target().type() + " " + name(d.target()));
    } else if (s instanceof Stmt.Eval e) {
      line(indent, expr(e.expr()));
    } else if (s instanceof Stmt.If f) {
      line(indent, "if " + expr(f.cond()));
      stmts(f.then().stmts(), indent + 1);
      line(indent, "else");
      stmts(f.otherwise().stmts(), indent + 1);
    } else if (s instanceof Stmt.Loop l) {
      line(indent, l.kind() + " init");
      stmts(l.init(), indent + 2);
      line(indent, "  while " + expr(l.cond()) + " update");
      stmts(l.update(), indent + 2);
      stmts(l.body().stmts(), indent + 1);
    } else if (s instanceof Stmt.Return r) {
      line(indent, "return " + expr(r.value()));
    } else if (s instanceof Stmt.Throw t) {
      StringBuilder args = new StringBuilder();
      for (Stmt.Throw.Piece p : t.arguments()) {
        args.append(p instanceof Stmt.Throw.Text x ? x.source()
            : p instanceof Stmt.Throw.Named n ? n.type().simpleName()
            : expr(((Stmt.Throw.Value) p).value()));
      }
      line(indent, "throw new " + t.exception().simpleName() + "(" + args + ")");
    } else if (s instanceof Stmt.Comment c) {
      line(indent, "// " + (c.text() != null ? c.text() : "(reverses a statement)"));
    } else {
      line(indent, s.getClass().getSimpleName().toLowerCase());
    }
  }

  private String expr(Expr e) {
    if (e instanceof Expr.Const c) {
      return c.spelling() instanceof Expr.Const.Named n ? n.owner().simpleName() + "." + n.field() : Literals.text(c);
    }
    if (e instanceof Expr.Ref r) {
      return name(r.var());
    }
    if (e instanceof Expr.FieldRef f) {
      return f.owner().simpleName() + "." + f.name();
    }
    if (e instanceof Expr.Unary u) {
      return u.op().symbol() + "(" + expr(u.operand()) + ")";
    }
    if (e instanceof Expr.Binary b) {
      return "(" + expr(b.left()) + " " + b.op().symbol() + " " + expr(b.right()) + ")";
    }
    if (e instanceof Expr.Call c) {
      StringBuilder sb = new StringBuilder();
      sb.append(c.receiver() != null ? expr(c.receiver()) : c.callee().owner().simpleName()).append('.').append(c.callee().name()).append('(');
      for (int i = 0; i < c.args().size(); i++) {
        sb.append(i > 0 ? ", " : "").append(expr(c.args().get(i)));
      }
      return sb.append(')').toString();
    }
    if (e instanceof Expr.Index i) {
      return expr(i.array()) + "[" + expr(i.index()) + "]";
    }
    if (e instanceof Expr.Length l) {
      return expr(l.array()) + ".length";
    }
    if (e instanceof Expr.Cond c) {
      return "(" + expr(c.cond()) + " ? " + expr(c.whenTrue()) + " : " + expr(c.whenFalse()) + ")";
    }
    if (e instanceof Expr.Cast c) {
      return "(" + c.type() + ") " + expr(c.operand());
    }
    if (e instanceof Expr.NewArray n) {
      return "new " + n.type() + n.dims();
    }
    if (e instanceof Expr.Precomputed p) {
      return name(p.record()) + ".value()";
    }
    if (e instanceof Expr.ArrayLit a) {
      return "{" + a.elements().stream().map(this::expr).toList() + "}";
    }
    return e.toString();
  }
}
