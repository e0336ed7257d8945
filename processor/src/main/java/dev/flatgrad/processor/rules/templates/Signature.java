package dev.flatgrad.processor.rules.templates;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a function flatgrad may call (rules do) but cannot differentiate: its parameters are
 * the function's, then {@code out}. Calling it on an active value is a compile error naming it.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface Signature {

  /** The function, {@code Class.method}. */
  String value();
}
