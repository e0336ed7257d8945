/**
 * Layers in the style of the CS231n fully-connected-net assignment ({@code layers.py}): each
 * layer is one {@code @Differentiable} method, its forward pass; flatgrad generates its backward
 * pass ({@code LayersGrad.affine(x, w, b, dout)} is {@code affine_backward(dout, cache)}), and a
 * method that calls layers gets a backward pass that calls theirs in reverse order. {@link
 * dev.flatgrad.examples.layers.FullyConnectedNet} builds a net of any depth from them.
 */
package dev.flatgrad.examples.layers;
