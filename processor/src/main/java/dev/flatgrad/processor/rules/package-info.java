/**
 * Adjoint rules as data: {@link dev.flatgrad.processor.rules.RuleRegistry} reads the template
 * classes in {@code templates} (compiled with the processor, so javac checks them) and turns
 * each {@code @Rule} method into an {@link dev.flatgrad.processor.rules.AdjointRule}. Adding an
 * operation means adding one template method and its test.
 */
package dev.flatgrad.processor.rules;
