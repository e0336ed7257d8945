/**
 * The intermediate representation every stage works on: typed expression trees ({@link
 * dev.flatgrad.processor.ir.Expr}) and structured statements ({@link
 * dev.flatgrad.processor.ir.Stmt}) over {@link dev.flatgrad.processor.ir.Variable}s, which are
 * identities, not names. Forward and backward code are both IR until the emitter prints them.
 */
package dev.flatgrad.processor.ir;
