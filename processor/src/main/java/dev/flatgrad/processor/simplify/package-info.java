/**
 * Stage 4, simplify: algebra on generated expressions (no {@code * 1.0}, no {@code + 0.0}, folded
 * constants, fused transposed products), applied to every adjoint contribution as it is made.
 */
package dev.flatgrad.processor.simplify;
