package dev.flatgrad.maven.check;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link CheckRunner} needs, collected by the {@code check} goal.
 *
 * @param sourceRoots the compile source roots, where the {@code @Differentiable} methods are found
 * @param encoding the encoding of the sources
 * @param classpath the project's compiled classes first, then its compile and runtime classpath
 * @param tolerance the largest relative error that passes
 * @param step the relative difference step for methods whose {@code @CheckInputs} sets none
 * @param sample how many random entries of each array parameter to check; 0 checks every entry
 * @param methods patterns selecting the methods to check ({@code p.Foo#m}, {@code Net#*}); empty
 *     selects all
 * @param failOnUnchecked whether a selected method without {@code @CheckInputs} fails the check
 * @param release the Java release the sources are written for (0: the newest the parser knows)
 */
public record CheckRequest(
    List<Path> sourceRoots,
    Charset encoding,
    List<Path> classpath,
    double tolerance,
    double step,
    int sample,
    List<String> methods,
    boolean failOnUnchecked,
    int release) {

  public CheckRequest {
    sourceRoots = List.copyOf(sourceRoots);
    classpath = List.copyOf(classpath);
    methods = List.copyOf(methods);
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a number > 0, not " + tolerance);
    }
    if (!(step > 0) || step >= 1) {
      throw new IllegalArgumentException("step must be a number in (0, 1), not " + step);
    }
    if (sample < 0) {
      throw new IllegalArgumentException("sample must be >= 0 (0 checks every entry), not " + sample);
    }
  }
}
