/**
 * The engine's front door: {@link dev.flatgrad.processor.engine.Engine} takes source text and
 * returns generated classes, diagnostics and reports; {@link
 * dev.flatgrad.processor.engine.ClassPipeline} runs the stages for one class in order, {@link
 * dev.flatgrad.processor.engine.MethodPipeline} those for one method. The
 * engine knows nothing of javac or Maven: {@link dev.flatgrad.processor.base.Symbols} is how it
 * asks about code it cannot see, and problems in user code come back as {@link
 * dev.flatgrad.processor.base.Diagnostic} values, never as exceptions.
 */
package dev.flatgrad.processor.engine;
