package dev.flatgrad.maven;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import dev.flatgrad.processor.engine.SourceLevel;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

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

  /**
   * The Java release the project's sources are compiled at, as javac is told it: the compiler
   * plugin's {@code <release>}, else {@code maven.compiler.release}, else the compiler plugin's
   * {@code <source>}, else {@code maven.compiler.source}; 0 when none is set (the newest the parser
   * knows). Sources are parsed at this level, as the processor parses at javac's.
   */
  static int javaRelease(MavenProject project, String releaseProperty, String sourceProperty) {
    for (String value : new String[] {compilerSetting(project, "release"), releaseProperty,
        compilerSetting(project, "source"), sourceProperty}) {
      int release = SourceLevel.parse(value);
      if (release > 0) {
        return release;
      }
    }
    return 0;
  }

  private static String compilerSetting(MavenProject project, String name) {
    for (Plugin plugin : project.getBuildPlugins()) {
      if (plugin.getArtifactId().equals("maven-compiler-plugin") && plugin.getConfiguration() instanceof Xpp3Dom c
          && c.getChild(name) != null) {
        return c.getChild(name).getValue();
      }
    }
    return null;
  }
}
