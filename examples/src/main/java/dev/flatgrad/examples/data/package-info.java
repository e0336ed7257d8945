/**
 * Data for the examples: the spiral generated in code, and a reader for the IDX files of
 * (Fashion-)MNIST.
 */
package dev.flatgrad.examples.data;
