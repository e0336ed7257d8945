package dev.flatgrad.maven;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
