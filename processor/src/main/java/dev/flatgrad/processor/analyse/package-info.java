/**
 * Stage 2, analyse: the checks that find calls a gradient cannot pass through and writes through
 * shared arrays, which inline sub-expressions the backward pass needs named (staging), and what
 * the forward pass must keep for the backward pass (recording: a to-be-recorded analysis that runs
 * the chain rule dry, renaming of straight-line overwrites, the updates undone by their inverse, the save plan). Activity and the
 * rules of each node are in {@code chain}, below this package.
 */
package dev.flatgrad.processor.analyse;
