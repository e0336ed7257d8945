/**
 * The first stage, the fence: what flatgrad accepts, in one place. {@link
 * dev.flatgrad.processor.fence.ClassFence} reads a class (its methods with gradients, their
 * {@code @CustomGradient} and {@code @CustomTangent} signatures, record names, recursion) and
 * {@link dev.flatgrad.processor.fence.Fence} a method (its declaration and every construct of its
 * body), each reporting all it finds at once. The later stages assume what the fence passed; what
 * they still report needs types, names or analysis. Before either, {@link
 * dev.flatgrad.processor.fence.Switches} rewrites the switches it takes into if/else chains, so
 * that the fence and lowering never meet them; it says why about the rest.
 */
package dev.flatgrad.processor.fence;
