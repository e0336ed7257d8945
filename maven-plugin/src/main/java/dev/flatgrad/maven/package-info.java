/**
 * The Maven goals over flatgrad's engine. Each mojo only collects its parameters into an
 * immutable request, hands it to a plain class that does the work and can be tested without
 * Maven, and turns the result into log lines or a failed build in one method ({@code report}):
 *
 * <ul>
 *   <li>{@code generate} → {@link dev.flatgrad.maven.generate.Generator}: sources in, {@code
 *       FooGrad.java} out, incrementally.
 *   <li>{@code check} → {@link dev.flatgrad.maven.check.CheckRunner}: numeric gradient checks of
 *       the methods that declare {@code @CheckInputs}.
 *   <li>{@code report} → {@link dev.flatgrad.maven.report.Reporter}: an HTML page per method, its
 *       forward and backward source side by side and its computational graph.
 * </ul>
 *
 * <p>{@link dev.flatgrad.maven.sources} holds what the goals share: reading the source roots,
 * finding the methods, and answering the engine's questions about other classes.
 */
package dev.flatgrad.maven;
