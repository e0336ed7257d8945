/**
 * Backprop exercises as users write them, differentiated by flatgrad; {@link
 * dev.flatgrad.examples.Demo} is the main job.
 */
package dev.flatgrad.examples;
