package dev.flatgrad.processor.ir;

import java.util.List;
import java.util.Set;

/**
 * A {@code @Differentiable} method in IR form.
 *
 * @param owner the class that declares it
 * @param name its name
 * @param params its parameters, in order
 * @param wrt the parameters to differentiate with respect to (a subset of {@code params})
 * @param returnType double, double[] or double[][]
 * @param body the body; after lowering its only {@link Stmt.Return} is its last statement
 * @param output the variable the last statement returns
 * @param pos where the method is declared
 * @param unpacked the record parameters differentiated component by component: {@code params}
 *     holds each one's components in its place, the generated methods take the record
 * @param gradientFree locals whose gradient is proved exactly zero (a stabilising max the result
 *     cannot move with): they carry no gradient, so they get no adjoint and no tape
 */
public record IrMethod(
    ClassRef owner,
    String name,
    List<Variable> params,
    Set<Variable> wrt,
    Type returnType,
    Block body,
    Variable output,
    Pos pos,
    List<Unpacked> unpacked,
    Set<Variable> gradientFree) {

  public IrMethod {
    params = List.copyOf(params);
    wrt = Set.copyOf(wrt);
    unpacked = List.copyOf(unpacked);
    gradientFree = Set.copyOf(gradientFree);
  }

  /** A method all of whose locals may carry gradients. */
  public IrMethod(ClassRef owner, String name, List<Variable> params, Set<Variable> wrt, Type returnType, Block body,
      Variable output, Pos pos, List<Unpacked> unpacked) {
    this(owner, name, params, wrt, returnType, body, output, pos, unpacked, Set.of());
  }

  /** A method without record parameters. */
  public IrMethod(ClassRef owner, String name, List<Variable> params, Set<Variable> wrt, Type returnType, Block body,
      Variable output, Pos pos) {
    this(owner, name, params, wrt, returnType, body, output, pos, List.of());
  }

  public IrMethod withBody(Block newBody) {
    return new IrMethod(owner, name, params, wrt, returnType, newBody, output, pos, unpacked, gradientFree);
  }

  public IrMethod withGradientFree(Set<Variable> free) {
    return new IrMethod(owner, name, params, wrt, returnType, body, output, pos, unpacked, free);
  }

  /**
   * Whether it is an instance method: its first parameter is then the object it runs on, {@code
   * self} of the owner's type (other parameters may be objects too: a record of settings).
   */
  public boolean isInstance() {
    return !params.isEmpty() && params.get(0).hint().equals("self") && params.get(0).type().isObject()
        && params.get(0).type().object().equals(owner);
  }

  /** The differentiated parameters in declaration order. */
  public List<Variable> wrtInOrder() {
    return params.stream().filter(wrt::contains).toList();
  }
}
