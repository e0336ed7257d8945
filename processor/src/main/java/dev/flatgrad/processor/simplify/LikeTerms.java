package dev.flatgrad.processor.simplify;

import dev.flatgrad.processor.ir.BinaryOp;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Tapes;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Like terms of a sum merged, as a person would: {@code z * Math.PI + Math.PI * z} is {@code 2.0 *
 * Math.PI * z}, {@code 3.0 * a * b - a * b} is {@code 2.0 * a * b}. A term is a product: a literal
 * coefficient and its other factors, compared as a multiset (multiplication commutes).
 */
final class LikeTerms {

  private LikeTerms() {}

  /** A product: {@code coefficient} times the {@code factors}. */
  private record Term(double coefficient, List<Expr> factors) {

    boolean isLike(Term o) {
      if (factors.size() != o.factors.size() || factors.isEmpty() || factors.stream().anyMatch(Tapes::pops)) {
        return false; // (two pops are two values)
      }
      List<Expr> rest = new ArrayList<>(o.factors);
      for (Expr f : factors) {
        if (!rest.remove(f)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The sum with like terms merged, or null if no two terms are alike. */
  static Expr merge(Expr.Binary sum) {
    List<Term> terms = new ArrayList<>();
    terms(sum, 1.0, terms);
    boolean merged = false;
    for (int i = 0; i < terms.size(); i++) {
      for (int j = i + 1; j < terms.size(); j++) {
        if (terms.get(i).isLike(terms.get(j))) {
          terms.set(i, new Term(terms.get(i).coefficient() + terms.get(j).coefficient(), terms.get(i).factors()));
          terms.remove(j--);
          merged = true;
        }
      }
    }
    if (!merged) {
      return null;
    }
    Expr out = null;
    for (Term t : terms) {
      if (t.coefficient() == 0.0) {
        continue;
      }
      Expr product = product(t);
      out = out == null ? product : new Expr.Binary(BinaryOp.ADD, out, product, Type.DOUBLE);
    }
    return out == null ? Expr.Const.ofDouble(0.0) : out;
  }

  /** The signed terms of a sum of doubles, in order. */
  private static void terms(Expr e, double sign, List<Term> out) {
    if (e instanceof Expr.Binary b && b.type().equals(Type.DOUBLE)
        && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB)) {
      terms(b.left(), sign, out);
      terms(b.right(), b.op() == BinaryOp.SUB ? -sign : sign, out);
      return;
    }
    List<Expr> factors = new ArrayList<>();
    double[] coefficient = {sign};
    factors(e, coefficient, factors);
    out.add(new Term(coefficient[0], factors));
  }

  private static void factors(Expr e, double[] coefficient, List<Expr> out) {
    if (e instanceof Expr.Binary b && b.op() == BinaryOp.MUL && b.type().equals(Type.DOUBLE)) {
      factors(b.left(), coefficient, out);
      factors(b.right(), coefficient, out);
    } else if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEG && u.type().equals(Type.DOUBLE)) {
      coefficient[0] = -coefficient[0];
      factors(u.operand(), coefficient, out);
    } else if (isLiteral(e)) {
      coefficient[0] *= ((Expr.Const) e).value();
    } else {
      out.add(e);
    }
  }

  private static boolean isLiteral(Expr e) {
    return e instanceof Expr.Const c && c.isLiteral();
  }

  /** {@code coefficient * f1 * f2 ...}, without a coefficient of one. */
  private static Expr product(Term t) {
    Expr p = null;
    for (Expr f : t.factors()) {
      p = p == null ? f : new Expr.Binary(BinaryOp.MUL, p, f, Type.DOUBLE);
    }
    double c = t.coefficient();
    if (p == null) {
      return Expr.Const.ofDouble(c);
    }
    if (!p.type().equals(Type.DOUBLE)) {
      p = new Expr.Cast(Type.DOUBLE, p); // an int or long factor alone: the sum is a double
    }
    if (c == 1.0) {
      return p;
    }
    if (c == -1.0) {
      return new Expr.Unary(UnaryOp.NEG, p, Type.DOUBLE);
    }
    return new Expr.Binary(BinaryOp.MUL, Expr.Const.ofDouble(c), p, Type.DOUBLE);
  }
}
