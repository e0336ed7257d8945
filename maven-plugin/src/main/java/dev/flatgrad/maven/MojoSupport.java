package dev.flatgrad.maven;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/** Small conversions the goals share. */
final class MojoSupport {

  private MojoSupport() {}

  /** The named charset, or UTF-8 if none is named. */
  static Charset charset(String encoding) throws MojoExecutionException {
    if (encoding == null || encoding.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("flatgrad: unknown encoding " + encoding, e);
    }
  }

  /** {@code path} relative to the project's directory when it is inside it, for short log lines. */
  static String relative(MavenProject project, Path path) {
    Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(base) ? base.relativize(p).toString() : p.toString();
  }

  /**
   * The compile classpath without the project's own output directory: the sources are read, and
   * classes compiled from an older version of them must not answer for them.
   */
  static List<Path> compileClasspath(MavenProject project, String goal) throws MojoExecutionException {
    Path output = Path.of(project.getBuild().getOutputDirectory()).toAbsolutePath().normalize();
    try {
      return project.getCompileClasspathElements().stream()
          .map(e -> Path.of(e).toAbsolutePath().normalize())
          .filter(p -> !p.equals(output))
          .toList();
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("flatgrad:" + goal + ": the compile classpath is not resolved: " + e.getMessage(), e);
    }
  }
}
