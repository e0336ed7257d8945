/**
 * What the goals share about the project's sources: {@link dev.flatgrad.maven.sources.SourceTree}
 * reads the compile source roots (with content digests), {@link
 * dev.flatgrad.maven.sources.DifferentiableMethods} finds the methods to work on, and the {@code
 * Symbols} implementations answer the engine's questions about other classes from the sources and
 * the classpath, as javac answers them for the annotation processor.
 */
package dev.flatgrad.maven.sources;
