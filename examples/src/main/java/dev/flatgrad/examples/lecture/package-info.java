/** The backprop lecture's examples, written the way a user writes them. */
package dev.flatgrad.examples.lecture;
