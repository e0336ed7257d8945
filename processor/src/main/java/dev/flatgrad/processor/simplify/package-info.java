/**
 * Simplify, a library below the stages: algebra on generated expressions (no {@code * 1.0}, no
 * {@code + 0.0}, folded constants, fused transposed products), applied to every adjoint
 * contribution as it is made, and passes over backward code (common branch code, branch
 * assignments) that the driver runs after the reverse stage.
 */
package dev.flatgrad.processor.simplify;
