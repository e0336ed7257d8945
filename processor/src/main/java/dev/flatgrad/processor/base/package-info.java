/**
 * The engine's vocabulary, below every stage: problems in user code ({@link
 * dev.flatgrad.processor.base.Problem} inside a stage, {@link
 * dev.flatgrad.processor.base.Diagnostic} out of the engine, collected by {@link
 * dev.flatgrad.processor.base.Diagnostics}), what the engine asks about classes it cannot see
 * ({@link dev.flatgrad.processor.base.Symbols}), and the computational
 * graph reports draw ({@link dev.flatgrad.processor.base.Graph}). It depends on the IR only.
 */
package dev.flatgrad.processor.base;
