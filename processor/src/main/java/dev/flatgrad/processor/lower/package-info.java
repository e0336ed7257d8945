/**
 * Stage 1, lower: JavaParser's AST of a method to IR. The fence ({@link
 * dev.flatgrad.processor.fence.Fence}) runs first: it reports every construct outside the
 * supported language at once, each on its line with what to write instead. Returns are
 * normalised to one at the end, jumps to the ends of branches, and non-counting for loops keep
 * their update in the body, so later stages see one shape per construct.
 */
package dev.flatgrad.processor.lower;
