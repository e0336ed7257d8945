package dev.flatgrad.processor.analyse;

import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.chain.Activity;
import dev.flatgrad.processor.chain.Differentiation;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Stmts;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.UserMethod;
import dev.flatgrad.processor.rules.AdjointRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls a gradient cannot pass through: a helper without a gradient, a JDK method without a
 * rule, a parameter a callee does not differentiate, an Nd backward helper. Each is an error on
 * the call's line when its result is a double (or array of them) and one of its arguments depends
 * on the differentiated parameters, saying what to do instead; on inactive values any call is
 * fine, and so is any call whose result is an int, long or boolean.
 */
public final class Checks {

  private Checks() {}

  public static List<Problem> of(IrMethod m, Differentiation diff, Activity activity) {
    List<Problem> problems = new ArrayList<>();
    Variable self = m.isInstance() ? m.params().get(0) : null;
    Stmts.walk(m.body(), s -> {
      for (Expr e : Stmts.ownExprs(s)) {
        Exprs.walk(e, x -> {
          if (x instanceof Expr.Call c && (c.receiver() == null || !c.receiver().type().isArray())) {
            check(c, diff, activity, problems, s, self);
          }
        });
      }
    });
    return problems;
  }

  private static void check(Expr.Call c, Differentiation diff, Activity activity, List<Problem> problems, Stmt s,
      Variable self) {
    if (c.type().isObject()) {
      for (Expr arg : c.args()) {
        if (activity.isActive(arg)) {
          String name = c.callee().kind() == Callee.Kind.CONSTRUCTOR ? "new " + c.callee().owner().simpleName()
              : c.callee().owner().simpleName() + "." + c.callee().name();
          String what = arg instanceof Expr.Ref r ? "`" + r.var().hint() + "`" : "an argument";
          problems.add(new Problem(c.pos().line() > 0 ? c.pos() : s.pos(), Tag.NO_GRADIENT, "`" + name
              + "` makes an object (a " + c.type() + ") of " + what + ", which depends on the differentiated"
              + " parameters: objects are settings flatgrad never differentiates, so the gradient would be lost;"
              + " compute with doubles and arrays. A record of the file made in the method is written as its"
              + " components where each use of its local reads a component, gives it a new value or passes it to a"
              + " method of the file; one compared (==), put in an array or passed to a library stays an object, and"
              + " so does one that declares its own constructor (check or normalise its components in a static"
              + " factory method instead)"));
          return;
        }
      }
    }
    if (!c.type().isDifferentiable()) {
      // An int, long or boolean result carries no gradient whatever the arguments
      // (Double.isNaN(x), Double.compare(a, b), an argmax): like (int) x, its derivative is zero.
      return;
    }
    Optional<Differentiation.Gate> gate = diff.gate(c);
    if ((c.callee().kind() == Callee.Kind.MATH || c.callee().kind() == Callee.Kind.ND)
        && diff.rules().rule(c.callee()).isPresent()) {
      // A rule says where gradients go; an input it leaves out has a zero gradient (the shape
      // argument of Nd.fullLike, the argument of Math.round).
      return;
    }
    int offset = c.receiver() == null ? 0 : 1;
    for (int i = 0; i < c.args().size(); i++) {
      Expr arg = c.args().get(i);
      if (!activity.isActive(arg)) {
        continue;
      }
      if (gate.isPresent()) {
        AdjointRule rule = gate.get().rule();
        if (!rule.hasGradient() || rule.contributions().containsKey(rule.inputs().get(i + offset))) {
          continue;
        }
      }
      problems.add(new Problem(c.pos().line() > 0 ? c.pos() : s.pos(), Tag.NO_GRADIENT,
          message(c, gate.isPresent(), i, diff, self)));
      return;
    }
  }

  private static boolean isJdk(dev.flatgrad.processor.ir.ClassRef owner) {
    return owner.packageName().startsWith("java.") || owner.packageName().startsWith("javax.");
  }

  private static String message(Expr.Call c, boolean hasRule, int i, Differentiation diff, Variable self) {
    Callee callee = c.callee();
    String name = callee.owner().simpleName() + "." + callee.name();
    String arg = c.args().get(i) instanceof Expr.Ref r ? "`" + r.var().hint() + "`" : "argument " + (i + 1);
    if (callee.kind() == Callee.Kind.HELPER && c.receiver() != null
        && !(c.receiver() instanceof Expr.Ref r && r.var() == self)) {
      String object = c.receiver() instanceof Expr.Ref r ? r.var().hint()
          : c.receiver() instanceof Expr.FieldRef f ? f.name() : "(...)";
      String cls = c.receiver().type().object().simpleName();
      String simple = cls.substring(cls.lastIndexOf('.') + 1);
      return "`" + object + "." + callee.name() + "` has no gradient: it is a method of an object (a "
          + c.receiver().type() + "), and its " + arg + " depends on the differentiated parameters. flatgrad"
          + " writes a method of the file's classes where it is called where no subclass could override it (make "
          + simple + " or `" + callee.name() + "` final, or keep a new " + simple + " in a local) and its body is"
          + " in the supported language; else compute the value in a static method of yours that takes the numbers"
          + " it needs as parameters"
          + " (flatgrad differentiates the file's helpers; one of another file, mark @Differentiable), or declare"
          + " that method's gradient with @CustomGradient";
    }
    if (callee.kind() == Callee.Kind.HELPER && isJdk(callee.owner())) {
      return "`" + name + "` is a JDK method without an adjoint rule, but its " + arg + " depends on"
          + " the differentiated parameters: write the computation with the functions flatgrad has"
          + " rules for (Math, Nd, arithmetic), or move the call into a method of yours and declare"
          + " that method's gradient with @CustomGradient";
    }
    String why = diff.users().of(callee).map(UserMethod::notDifferentiated).orElse("");
    if (callee.kind() == Callee.Kind.HELPER && !why.isEmpty()) {
      return "`" + name + "` has no gradient, but its " + arg + " depends on the differentiated"
          + " parameters, and flatgrad could not differentiate `" + callee.name() + "` (" + why
          + "): change that, or declare its gradient with @CustomGradient(of = \"" + callee.name() + "\")";
    }
    return switch (callee.kind()) {
      case HELPER -> "`" + name + "` has no gradient, but its " + arg + " depends on the"
          + " differentiated parameters: mark `" + callee.name() + "` @Differentiable (if its body"
          + " is in the supported language) or declare its gradient with @CustomGradient(of = \""
          + callee.name() + "\")";
      case DIFFERENTIABLE -> "`" + name + "` has no gradient for its parameter " + (i + 1)
          + ", but its " + arg + " depends on the differentiated parameters: add that parameter"
          + " to the wrt of `" + callee.name() + "` (or to its @CustomGradient methods)";
      default -> "`" + name + "` has no adjoint rule, but its " + arg + " depends on the"
          + " differentiated parameters: flatgrad cannot differentiate through it; compute this"
          + " value from inactive data, or write the computation with functions that have rules";
    };
  }
}
