/**
 * Stage 2, analyse: which values carry gradients (activity), which inline sub-expressions the
 * backward pass needs named (staging), what the forward pass must keep for the backward pass
 * (recording: a to-be-recorded analysis, renaming of straight-line overwrites), gates, and the
 * checks that find calls a gradient cannot pass through and writes through shared arrays.
 */
package dev.flatgrad.processor.analyse;
