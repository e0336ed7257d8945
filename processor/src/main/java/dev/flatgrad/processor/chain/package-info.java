/**
 * The chain rule on the IR, below the stages that use it (analysis, forward and reverse): which
 * rule each node passes a gradient through ({@link dev.flatgrad.processor.chain.Differentiation},
 * with the gates and the rules of calls of user methods), which values carry gradients ({@link
 * dev.flatgrad.processor.chain.Activity}), and one expression's adjoint passed down its tree
 * ({@link dev.flatgrad.processor.chain.Propagation}): run for real by the reverse stage, which
 * emits the backward code, and dry by the recording analysis ({@link
 * dev.flatgrad.processor.chain.BackwardReads}), which only notes what that code would read.
 */
package dev.flatgrad.processor.chain;
