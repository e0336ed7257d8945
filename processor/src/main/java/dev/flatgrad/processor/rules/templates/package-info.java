/**
 * The adjoint-rule templates: Java methods that are never called, only read. Parameters are an
 * operation's inputs, {@code out}, {@code dout} and {@code d<input>}; the body assigns each
 * input's share of {@code dout}. {@code @Signature} declares a function rules may call but that
 * has no rule of its own.
 */
package dev.flatgrad.processor.rules.templates;
