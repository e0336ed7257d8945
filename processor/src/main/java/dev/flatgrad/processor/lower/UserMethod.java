package dev.flatgrad.processor.lower;

import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Modes;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.util.List;

/**
 * A method of the user's that a {@code @Differentiable} method calls: its signature, and what
 * flatgrad generated for it. {@code gradientParams} is empty for a helper without a gradient;
 * otherwise {@code OwnerGrad.<name>} exists and returns record {@code OwnerGrad.<recordName>}
 * with a component {@code d<param>} for each of them.
 *
 * @param customAdjoints for a hand-written gradient, the adjoint method of each gradient
 *     parameter (same order); empty when the gradient is derived
 * @param modes the methods generated beside the gradient ({@code mTangent}, {@code mHvp}, ...)
 * @param customTangent for a hand-written gradient, its {@code @CustomTangent} method; "" if none
 * @param isPrivate declared private: generated code (another class) calls it through a method handle
 * @param notDifferentiated for a helper of the file flatgrad tried to differentiate and could not
 *     ({@link dev.flatgrad.processor.fence.ImplicitHelpers}), the first problem; "" otherwise
 */
public record UserMethod(
    ClassRef owner,
    String name,
    List<String> paramNames,
    List<Type> params,
    Type result,
    boolean isStatic,
    List<String> gradientParams,
    String recordName,
    List<String> customAdjoints,
    Modes modes,
    String customTangent,
    boolean isPrivate,
    String notDifferentiated) {

  public UserMethod {
    paramNames = List.copyOf(paramNames);
    params = List.copyOf(params);
    gradientParams = List.copyOf(gradientParams);
    customAdjoints = List.copyOf(customAdjoints);
  }

  public boolean hasGradient() {
    return !gradientParams.isEmpty();
  }

  /**
   * Whether flatgrad generates {@code OwnerGrad.<name>Saved} and {@code OwnerGrad.<name>Pullback}
   * for it, which generated callers run (see {@link GradientMethods#savedFormApplies}).
   */
  public boolean hasSavedForm() {
    return hasGradient() && customAdjoints.isEmpty() && GradientMethods.savedFormApplies(result,
        gradientParams.stream().map(p -> params.get(paramNames.indexOf(p))).toList());
  }

  public Callee callee() {
    return new Callee(owner, name, params, result,
        hasGradient() ? Callee.Kind.DIFFERENTIABLE : Callee.Kind.HELPER);
  }

  /** The class flatgrad generates for the owner. */
  public ClassRef gradientClass() {
    return new ClassRef(owner.packageName(), owner.simpleName().replace('.', '_') + "Grad");
  }
}
