package dev.flatgrad.processor.forward;

import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Exprs;
import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import dev.flatgrad.processor.lower.UserMethod;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.naming.GeneratedNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tangent of a call of one of the user's methods, through what flatgrad generated for it. For
 * a tangent, the callee's {@code mTangent}: {@code GTangent g = gTangent(x, xDot)}, then {@code
 * g.value()} and {@code g.valueDot()}. In tangent code that second derivatives reverse, a callee
 * with a {@code double} result is called through its {@code mHvp} instead (value, tangent,
 * gradient and H·v in one record, which the reverse stage reads); one with an array result through
 * its {@code mTangent}, the value reversed through its gradient method with {@code dout} and the
 * tangent through {@code mHvp} with {@code dout}. A method with a hand-written gradient gets its
 * tangent from its {@code @CustomTangent} method.
 */
public final class CallTangents {

  /**
   * A call's value and tangent. The tangent may read the call's value as {@code value}: {@link
   * #tangentOf} puts the value's place in.
   */
  record Tangent(Expr value, Expr tangent, Variable out) {
    boolean readsValue() {
      return out != null && tangent != null && Exprs.reads(tangent, out);
    }

    Expr tangentOf(Expr valueRead) {
      return out == null ? tangent : Exprs.substitute(tangent, Map.of(out, valueRead));
    }
  }

  private final UserMethods users;
  private final boolean reversed;
  private final String caller;
  private final String mode;

  /**
   * @param reversed whether the tangent code is for second derivatives (reversed afterwards)
   * @param caller the method whose tangent code this is, for messages
   * @param mode the attribute that asked for it ({@code tangent}, {@code hessian}, {@code jacobian})
   */
  public CallTangents(UserMethods users, boolean reversed, String caller, String mode) {
    this.users = users;
    this.reversed = reversed;
    this.caller = caller;
    this.mode = mode;
  }

  Tangent of(Expr.Call call, List<Tangents.Pair> args, List<Stmt> pre, Pos pos, Predicate<Expr> cheap) {
    UserMethod m = users.of(call.callee()).orElseThrow();
    Pos at = call.pos().line() > 0 ? call.pos() : pos;
    if (!m.customAdjoints().isEmpty()) {
      return custom(m, call, args, pre, at, cheap);
    }
    boolean precomputed = reversed && m.result().isScalar();
    if (reversed ? !m.modes().hessian() : !m.modes().hasTangent()) {
      throw new Problem(at, Tag.NO_TANGENT, "`" + m.name() + "` is called by `" + caller + "`, whose "
          + mode + " is generated, but generates no " + (reversed ? "Hessian-vector product" : "tangent")
          + ": add " + (reversed ? "hessian" : "tangent") + " = true to the @Differentiable of `" + m.name() + "`");
    }
    if (reversed) {
      // The reverse stage stages no argument inside the call computed ahead: name those it must.
      nameArguments(args, pre, at, cheap);
    }
    List<Expr> directions = directions(m, args, pre, at, cheap);
    List<Expr> values = args.stream().map(Tangents.Pair::value).toList();
    Expr.Call plain = new Expr.Call(call.receiver(), call.callee(), values, call.pos());
    List<Expr> recordArgs = new ArrayList<>();
    if (call.receiver() != null) {
      recordArgs.add(call.receiver());
    }
    recordArgs.addAll(values);
    recordArgs.addAll(directions);
    String generated = precomputed ? GeneratedNames.hvp(m.name()) : GeneratedNames.tangent(m.name());
    Type recordType = record(m, precomputed ? GeneratedNames.HVP : GeneratedNames.TANGENT);
    Callee method = new Callee(m.gradientClass(), generated, recordArgs.stream().map(Expr::type).toList(), recordType,
        Callee.Kind.INTRINSIC);
    Variable record = Variable.temp(m.name(), recordType);
    pre.add(new Stmt.Assign(record, null, new Expr.Call(null, method, recordArgs, call.pos()), true, at));
    List<Expr> tangentArgs = new ArrayList<>(values);
    tangentArgs.addAll(directions);
    Expr.Call tangentCall = new Expr.Call(call.receiver(), users.tangentOf(m), tangentArgs, call.pos());
    return new Tangent(new Expr.Precomputed(record, plain), new Expr.Precomputed(record, tangentCall), null);
  }

  /**
   * The direction of each gradient parameter of the callee: its argument's tangent, or zeros
   * shaped like the argument where it does not vary (an argument so read twice is named first,
   * in {@code args}).
   */
  private static List<Expr> directions(UserMethod m, List<Tangents.Pair> args, List<Stmt> pre, Pos at,
      Predicate<Expr> cheap) {
    List<Expr> directions = new ArrayList<>();
    for (String p : m.gradientParams()) {
      int i = m.paramNames().indexOf(p);
      Tangents.Pair arg = args.get(i);
      if (arg.tangent() != null) {
        directions.add(arg.tangent());
        continue;
      }
      Expr value = arg.value();
      if (value.type().isArray() && !cheap.test(value)) {
        Variable named = Variable.temp(p, value.type());
        pre.add(new Stmt.Assign(named, null, value, true, at));
        value = new Expr.Ref(named);
        args.set(i, new Tangents.Pair(value, null));
      }
      directions.add(Tangents.zeros(value));
    }
    return directions;
  }

  /** Names the arguments not cheap to evaluate twice (the call and its tangent's both read them). */
  private static void nameArguments(List<Tangents.Pair> args, List<Stmt> pre, Pos at, Predicate<Expr> cheap) {
    for (int i = 0; i < args.size(); i++) {
      Tangents.Pair arg = args.get(i);
      if (!cheap.test(arg.value())) {
        Variable named = Variable.temp(Hints.of(arg.value()), arg.value().type());
        pre.add(new Stmt.Assign(named, null, arg.value(), true, at));
        Expr tangent = arg.tangent();
        if (tangent != null && !Exprs.isAtom(tangent)) {
          Variable namedDot = Variable.tangentOf(named);
          pre.add(new Stmt.Assign(namedDot, null, tangent, true, at));
          tangent = new Expr.Ref(namedDot);
        }
        args.set(i, new Tangents.Pair(new Expr.Ref(named), tangent));
      }
    }
  }

  /**
   * A method with a hand-written gradient: the tangent is its {@code @CustomTangent} method of
   * the arguments, their tangents (zero where they do not vary) and the call's value.
   */
  private Tangent custom(UserMethod m, Expr.Call call, List<Tangents.Pair> args, List<Stmt> pre, Pos at,
      Predicate<Expr> cheap) {
    if (m.customTangent().isEmpty()) {
      throw new Problem(at, Tag.NO_TANGENT, "`" + m.name() + "` has a @CustomGradient but no @CustomTangent,"
          + " and `" + caller + "`, whose " + mode + " is generated, calls it: declare its tangent with"
          + " @CustomTangent(of = \"" + m.name() + "\") on a method taking its parameters, the tangent of each"
          + " parameter with a @CustomGradient, and out, and returning the tangent of its result");
    }
    nameArguments(args, pre, at, cheap);
    List<Expr> directions = directions(m, args, pre, at, cheap);
    List<Expr> values = args.stream().map(Tangents.Pair::value).toList();
    Variable out = Variable.temp("out", m.result());
    List<Expr> tangentArgs = new ArrayList<>(values);
    tangentArgs.addAll(directions);
    tangentArgs.add(new Expr.Ref(out));
    Callee tangent = users.resolve(m.owner(), m.customTangent(), tangentArgs.stream().map(Expr::type).toList(), at);
    if (reversed && tangent.kind() != Callee.Kind.DIFFERENTIABLE) {
      throw new Problem(at, Tag.NO_TANGENT, "the Hessian-vector product of `" + caller + "` differentiates the"
          + " @CustomTangent method `" + m.customTangent() + "` of `" + m.name() + "`: mark it @Differentiable");
    }
    Expr value = new Expr.Call(call.receiver(), call.callee(), values, call.pos());
    return new Tangent(value, new Expr.Call(null, tangent, tangentArgs, call.pos()), out);
  }

  private static Type record(UserMethod m, String mode) {
    ClassRef grad = m.gradientClass();
    return Type.of(new ClassRef(grad.packageName(), grad.simpleName() + "." + GeneratedNames.record(m.recordName(), mode)));
  }
}
