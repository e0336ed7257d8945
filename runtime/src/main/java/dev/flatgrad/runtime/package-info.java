/**
 * What generated code and user code call at run time; this module has no dependencies.
 *
 * <ul>
 *   <li>{@link dev.flatgrad.runtime.Nd}: numpy-like operations on {@code double}, {@code double[]}
 *       and {@code double[][]}, named as in numpy so exercises port line by line, plus the
 *       backward helpers the adjoint rules of generated code call.
 *   <li>{@link dev.flatgrad.runtime.GradCheck}: numeric gradient checking by centred differences,
 *       the test that an analytic (generated or hand-written) gradient is right.
 *   <li>{@link dev.flatgrad.runtime.DoubleStack} and its siblings: primitive stacks that hold the
 *       values a loop overwrites, so that generated backward code can run the loop in reverse.
 * </ul>
 *
 * <p>Generated code is meant to be read and stepped through, so everything here is plain, eager
 * and allocation-visible: no graph, no tape of objects, no lazy views.
 */
package dev.flatgrad.runtime;
