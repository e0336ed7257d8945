/**
 * Simplify, a library below the stages: algebra on generated expressions (no {@code * 1.0}, no
 * {@code + 0.0}, folded constants, fused transposed products), applied to every adjoint
 * contribution as it is made; passes over backward code (common branch code, branch
 * assignments) that the reverse stage runs; and the style pass ({@link
 * dev.flatgrad.processor.simplify.Style}), which the driver runs on finished backward code and the
 * forward stage on tangents, for how the code reads.
 */
package dev.flatgrad.processor.simplify;
