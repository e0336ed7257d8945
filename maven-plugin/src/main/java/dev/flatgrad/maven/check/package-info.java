/**
 * The {@code check} goal's work: read {@code @CheckInputs} ({@link
 * dev.flatgrad.maven.check.InputSpec} is the reader of its little language, {@link
 * dev.flatgrad.maven.check.InputPlan} matches it to the parameters and draws the values), get the
 * analytic gradient from a {@link dev.flatgrad.maven.check.GradientSource}, and compare it with
 * centred differences of the method using the runtime's {@code GradCheck}.
 */
package dev.flatgrad.maven.check;
