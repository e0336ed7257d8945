/**
 * Adjoint rules as data: {@link dev.flatgrad.processor.rules.RuleRegistry} reads the template
 * classes in {@code templates} (compiled with the processor, so javac checks them) and turns
 * each {@code @Rule} method into an {@link dev.flatgrad.processor.rules.AdjointRule}. Adding an
 * operation means adding one template method and its test. The templates' bodies are lowered by
 * {@code lower}, so lowering does not import the rules: it resolves Math and Nd calls through the
 * {@link dev.flatgrad.processor.lower.Library} that {@code RuleRegistry.calls()} returns.
 */
package dev.flatgrad.processor.rules;
