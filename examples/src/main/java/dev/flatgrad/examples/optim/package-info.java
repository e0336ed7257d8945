/**
 * Optimizers that update {@code double[]} and {@code double[][]} parameters in place from the
 * gradients flatgrad generates: {@link dev.flatgrad.examples.optim.Sgd} (with momentum) and
 * {@link dev.flatgrad.examples.optim.Adam}.
 */
package dev.flatgrad.examples.optim;
