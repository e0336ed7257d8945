package dev.flatgrad.processor.naming;

import dev.flatgrad.processor.ir.Hints;
import dev.flatgrad.processor.ir.IrMethod;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of what flatgrad generates for the methods of a class, in one place, so that the
 * generator, the fence (which checks them for clashes), the callers' rules and the Maven plugin
 * agree: for method {@code m} with record {@code M}, the gradient method {@code m} returning
 * {@code M}, its check {@code checkM}, {@code mTangent} returning {@code MTangent}, {@code mHvp}
 * returning {@code MHvp}, {@code mHessian} and {@code mJacobian}, each with its own record and
 * check; the records' components ({@code value}, {@code dx} for each differentiated {@code x}...).
 */
public final class GeneratedNames {

  /** The suffix of each mode's method and record. */
  public static final String TANGENT = "Tangent";
  public static final String HVP = "Hvp";
  public static final String HESSIAN = "Hessian";
  public static final String JACOBIAN = "Jacobian";
  /** The suffix of the forward pass a caller's backward pass reads, and of its record. */
  public static final String SAVED = "Saved";

  /** Record components: the method's value, its directional derivative, the matrices. */
  public static final String VALUE = "value";
  public static final String VALUE_DOT = "valueDot";
  public static final String HESSIAN_MATRIX = "hessian";
  public static final String JACOBIAN_MATRIX = "jacobian";

  private static final String CHECK = "check";

  private GeneratedNames() {}

  /**
   * The gradient record of a method: its name capitalised, numbered from the second method of the
   * class with that name ({@code F}, {@code F2} for overloads of {@code f}).
   */
  public static String gradientRecord(String method, int nth) {
    String base = Character.toUpperCase(method.charAt(0)) + method.substring(1);
    return nth == 1 ? base : base + nth;
  }

  /** The method that checks what returns {@code record}: {@code checkM}, {@code checkMTangent}. */
  /** A member's name as a constant's: {@code scale} → {@code SCALE}, {@code isOutlier} → {@code IS_OUTLIER}. */
  public static String constantCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * The generated class's {@code static final boolean} that says whether the user's class runs its
   * {@code assert}s ({@code ASSERTIONS}), named unlike the user's fields (a copied constant keeps
   * its name).
   */
  public static String assertions(java.util.Set<String> userFields) {
    String name = "ASSERTIONS";
    while (userFields.contains(name)) {
      name = name + "_";
    }
    return name;
  }

  public static String check(String record) {
    return CHECK + record;
  }

  /** Whether {@code name} is the check of one of {@code records}. */
  public static boolean isCheck(String name, Set<String> records) {
    return name.startsWith(CHECK) && records.contains(name.substring(CHECK.length()));
  }

  public static String tangent(String name) {
    return name + TANGENT;
  }

  public static String hvp(String name) {
    return name + HVP;
  }

  /** The method that adds a call's shares into the caller's adjoint arrays. */
  public static String pullback(String name) {
    return name + "Pullback";
  }

  /** The forward pass of a call that returns its value and what its pullback reads. */
  public static String saved(String name) {
    return name + SAVED;
  }

  /**
   * Names a record component cannot have: the saved-values record's {@code value}, and the
   * methods of {@code Object} a record component may not be named after (JLS 8.10.1).
   */
  public static final Set<String> NOT_COMPONENTS = Set.of(VALUE, "clone", "finalize", "getClass", "hashCode",
      "notify", "notifyAll", "toString", "wait");

  public static String hessian(String name) {
    return name + HESSIAN;
  }

  public static String jacobian(String name) {
    return name + JACOBIAN;
  }

  /**
   * The name of the record component holding the gradient of {@code parameter}, one of the
   * method's {@code parameters}: its adjoint's name ({@code dx} for {@code x}), with {@code _}
   * appended where that is a keyword ({@code do_} for {@code o}), and again while another
   * parameter's component has that name ({@code do__} if there is an {@code o_}).
   */
  public static String gradientComponent(String parameter, Collection<String> parameters) {
    String name = Hints.adjoint(parameter);
    if (!JavaNames.isKeyword(name)) {
      return name;
    }
    do {
      name = name + "_";
    } while (parameters.contains(name.substring(1)));
    return name;
  }

  /** The gradient record's component of parameter {@code p} of {@code method} ({@code dx}, {@code do_} for {@code o}). */
  public static String gradientComponent(IrMethod method, Variable p) {
    return gradientComponent(p.hint(), method.params().stream().map(Variable::hint).toList());
  }

  /** The record of a generated method: the gradient record's name, then the mode's. */
  public static String record(String gradientRecord, String mode) {
    return gradientRecord + mode;
  }

  /**
   * The components of the H·v record for each differentiated parameter {@code p} of a method with
   * parameters {@code params}: the gradient {@code dp}, named as in the gradient record ({@code
   * do_} for {@code o}), and the Hessian-vector product {@code dpDot} (the directional derivative
   * of {@code dp}); a product name that meets a gradient name ({@code x} and {@code xDot} both
   * differentiated) gets an underscore.
   */
  public static Map<String, HvpComponents> hvpComponents(List<String> wrt, Collection<String> params) {
    Map<String, String> gradients = new LinkedHashMap<>();
    wrt.forEach(p -> gradients.put(p, gradientComponent(p, params)));
    Set<String> used = new HashSet<>(gradients.values());
    Map<String, HvpComponents> out = new LinkedHashMap<>();
    for (String p : wrt) {
      String product = Hints.tangent(Hints.adjoint(p));
      while (!used.add(product)) {
        product = product + "_";
      }
      out.put(p, new HvpComponents(gradients.get(p), product));
    }
    return out;
  }

  /** The gradient and product component of one parameter in an H·v record. */
  public record HvpComponents(String gradient, String product) {}
}
