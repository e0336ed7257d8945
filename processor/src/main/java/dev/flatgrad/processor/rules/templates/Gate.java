package dev.flatgrad.processor.rules.templates;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of {@code GatePatterns} as one way users write a gate: its parameters are the
 * gate's inputs, its body returns the expression the gate stands for, written over them. A user
 * expression of that shape (any expression in place of an input, the same one wherever the input
 * repeats; any literal of the same value in place of a literal) is differentiated by the gate's
 * rule ({@code @Rule("Gate.name")} in {@code GateRules}) for the inputs' types, if it has one.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Gate {

  /** The gate, as its rules name it after {@code Gate.}: {@code sigmoid}. */
  String value();
}
