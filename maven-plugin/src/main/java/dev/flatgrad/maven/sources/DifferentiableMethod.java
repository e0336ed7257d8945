package dev.flatgrad.maven.sources;

import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A method of the project's sources that flatgrad generates a gradient for (marked {@code
 * @Differentiable}, or given one by hand with {@code @CustomGradient}), or that carries {@code
 * @CheckInputs}: as the goals that work per method see it.
 *
 * @param file the source it is declared in
 * @param owner its class, by package and (possibly nested) simple name
 * @param name the method's name
 * @param params its parameters in order
 * @param result its return type, or empty if flatgrad does not support it
 * @param gradient where its generated gradient comes from
 * @param inputs its {@code @CheckInputs}, if any
 * @param pos where the method is declared
 * @param modes the forward modes its {@code @Differentiable} asks for ({@code tangent}, {@code
 *     hessian}, {@code jacobian} set to true)
 */
public record DifferentiableMethod(
    SourceFile file,
    ClassRef owner,
    String name,
    List<Param> params,
    Optional<Type> result,
    Gradient gradient,
    Optional<Inputs> inputs,
    Pos pos,
    List<String> modes) {

  /** Where a method's generated gradient comes from. */
  public enum Gradient {
    /** {@code @Differentiable}: derived from its body. */
    DERIVED,
    /** The target of {@code @CustomGradient} methods: written by hand. */
    CUSTOM,
    /** None: the method only carries {@code @CheckInputs}. */
    NONE
  }

  /** Whether {@code FooGrad.mTangent} is generated: asked for, or needed by the Hessian or Jacobian. */
  public boolean hasTangent() {
    return !modes.isEmpty();
  }

  /** Whether {@code FooGrad.mHvp} is generated ({@code hessian = true}). */
  public boolean hasHvp() {
    return modes.contains("hessian");
  }

  /** Whether flatgrad generates a gradient for it. */
  public boolean hasGradient() {
    return gradient != Gradient.NONE;
  }

  /**
   * A parameter.
   *
   * @param name its name
   * @param type its type, or empty if flatgrad does not support it
   * @param declared its type as written
   */
  public record Param(String name, Optional<Type> type, String declared) {}

  /**
   * The method's {@code @CheckInputs}.
   *
   * @param entries its {@code name: spec} entries, as written
   * @param seed its seed, or empty if the seed is not a literal the plugin can read
   * @param step its relative difference step, or empty where it leaves the step to the check
   * @param pos where the annotation is
   * @param problem why the annotation cannot be read (a value that is not a string literal), if so
   */
  public record Inputs(List<String> entries, long seed, OptionalDouble step, Pos pos, Optional<String> problem) {}

  /** {@code p.Foo#m}: how reports and method filters name the method. */
  public String id() {
    return owner.qualifiedName() + "#" + name;
  }

  /** The name of the class flatgrad generates for the owner: {@code p.FooGrad}. */
  public String generatedClassName() {
    return dev.flatgrad.processor.engine.Engine.generatedName(owner).qualifiedName();
  }

  /** The owner's binary name, {@code p.Outer$Inner}, for loading it. */
  public String ownerBinaryName() {
    String nested = owner.simpleName().replace('.', '$');
    return owner.packageName().isEmpty() ? nested : owner.packageName() + "." + nested;
  }

  /** {@code Foo.java:[line,col]}, with the file's path: where to look. */
  public String location(Pos at) {
    return file.path() + ":[" + at.line() + "," + at.column() + "]";
  }
}
