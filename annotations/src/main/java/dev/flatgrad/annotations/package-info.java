/**
 * The annotations a user puts on their own code: {@link dev.flatgrad.annotations.Differentiable}
 * marks a method whose gradient flatgrad generates. This module has no dependencies.
 */
package dev.flatgrad.annotations;
