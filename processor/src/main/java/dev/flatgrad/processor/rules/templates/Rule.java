package dev.flatgrad.processor.rules.templates;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a template class as the adjoint rule of one operation. The method is never
 * called: the registry reads its source. Its parameters are, in order, the operation's inputs,
 * {@code out} (the forward result), {@code dout} (the upstream adjoint), then {@code d<input>}
 * for each differentiable input. Its body assigns each {@code d<input>} the contribution of
 * {@code dout} to that input, optionally after local declarations they share. An empty body
 * declares an operation through which no gradient flows (piecewise constant, or inactive).
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Rule {

  /** The operation: an operator ({@code "+"}, {@code "neg"}) or {@code Class.method}. */
  String value();
}
