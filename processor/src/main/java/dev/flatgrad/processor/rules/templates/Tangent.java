package dev.flatgrad.processor.rules.templates;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a template class as the tangent (forward-mode) rule of one operation, beside
 * its adjoint {@link Rule}. The method is never called: the registry reads its source. Its
 * parameters are, in order, the operation's inputs, {@code out} (the result), then {@code
 * <input>Dot} for each input the adjoint rule passes a gradient to. Its body returns the result's
 * tangent, linear in those tangents, optionally after local declarations; where an input does
 * not vary its tangent is zero, and the engine drops the terms it multiplies. Rules are written
 * with operations that have adjoint rules themselves, so that second derivatives can reverse the
 * tangent code.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Tangent {

  /** The operation, as its adjoint {@link Rule} names it. */
  String value();
}
