package dev.flatgrad.maven;

import dev.flatgrad.maven.generate.GenerateRequest;
import dev.flatgrad.maven.generate.GenerateResult;
import dev.flatgrad.maven.generate.Generator;
import dev.flatgrad.processor.base.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Generates the gradient classes ({@code FooGrad}) of the {@code @Differentiable} methods in the
 * compile source roots, for builds that do not run flatgrad's annotation processor. Runs the same
 * engine as the processor, so the generated sources are the same; writes them to {@code
 * target/generated-sources/flatgrad} and adds that directory as a compile source root. Sources
 * whose content (and whatever they use from other classes) did not change since the last run are
 * not differentiated again. Code flatgrad cannot differentiate fails the build with {@code
 * File.java:[line,col]} and a message saying what to do instead.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES,
    requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Where the generated sources go; added to the compile source roots. */
  @Parameter(property = "flatgrad.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/flatgrad", required = true)
  private File outputDirectory;

  /** The encoding of the sources (and of the generated ones); UTF-8 if not set. */
  @Parameter(property = "flatgrad.encoding", defaultValue = "${project.build.sourceEncoding}")
  private String encoding;

  /** Print the engine's IR after each stage, to debug flatgrad itself. */
  @Parameter(property = "flatgrad.dumpIr", defaultValue = "false")
  private boolean dumpIr;

  /** Skip generation (and do not add the output directory to the compile source roots). */
  @Parameter(property = "flatgrad.generate.skip", defaultValue = "false")
  private boolean skip;

  /** Digests of the last run, to regenerate only what changed. */
  @Parameter(defaultValue = "${project.build.directory}/flatgrad-maven-plugin/generate.state", readonly = true)
  private File stateFile;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  /** The compiler's release and source: sources are parsed at the language level javac compiles them at. */
  @Parameter(defaultValue = "${maven.compiler.release}", readonly = true)
  private String compilerRelease;

  @Parameter(defaultValue = "${maven.compiler.source}", readonly = true)
  private String compilerSource;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping flatgrad:generate (flatgrad.generate.skip = true)");
      return;
    }
    warnIfTheProcessorRunsToo();
    GenerateResult result;
    try {
      result = new Generator().run(request());
    } catch (IOException e) {
      throw new MojoExecutionException("flatgrad: cannot generate sources: " + e, e);
    }
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    report(result);
  }

  private GenerateRequest request() throws MojoExecutionException {
    List<Path> classpath = MojoSupport.compileClasspath(project, "generate");
    return new GenerateRequest(
        project.getCompileSourceRoots().stream().map(Path::of).toList(),
        outputDirectory.toPath(),
        stateFile.toPath(),
        MojoSupport.charset(encoding),
        classpath,
        pluginVersion,
        dumpIr,
        MojoSupport.javaRelease(project, compilerRelease, compilerSource));
  }

  /** The one place where the result becomes log lines or a failed build. */
  private void report(GenerateResult result) throws MojoFailureException {
    if (result.upToDate()) {
      getLog().info("Nothing to generate - all sources up to date.");
      return;
    }
    for (String reason : result.reasons()) {
      getLog().info("Changes detected - " + reason);
    }
    result.dumps().forEach(getLog()::info);
    for (Diagnostic d : result.diagnostics()) {
      switch (d.severity()) {
        case ERROR -> getLog().error(d.toString());
        case WARNING -> getLog().warn(d.toString());
        case NOTE -> getLog().info(d.toString());
      }
    }
    if (result.hasErrors()) {
      List<Diagnostic> errors = result.errors();
      StringBuilder message = new StringBuilder("flatgrad cannot differentiate this code (")
          .append(errors.size()).append(errors.size() == 1 ? " problem" : " problems").append("):");
      errors.forEach(d -> message.append(System.lineSeparator()).append(d));
      throw new MojoFailureException(message.toString());
    }
    int upToDate = result.sources() - result.regenerated();
    getLog().info(String.format("Differentiated %d %s into %s%s", result.regenerated(),
        result.regenerated() == 1 ? "source" : "sources", MojoSupport.relative(project, outputDirectory.toPath()),
        upToDate == 0 ? "" : " (" + upToDate + " up to date)"));
    result.deleted().forEach(p -> getLog().info("Removed " + MojoSupport.relative(project, p)
        + ": its source no longer produces it"));
  }

  /** Both would generate the same classes, and javac would stop at the duplicates. */
  private void warnIfTheProcessorRunsToo() {
    for (Plugin plugin : project.getBuildPlugins()) {
      if (plugin.getArtifactId().equals("maven-compiler-plugin") && plugin.getConfiguration() != null
          && plugin.getConfiguration().toString().contains("flatgrad-processor")) {
        getLog().warn("flatgrad-processor is on the compiler's annotation processor path too: both it and"
            + " flatgrad:generate write the same classes, so javac will report duplicates. Use one of them.");
        return;
      }
    }
  }
}
