package dev.flatgrad.maven;

import dev.flatgrad.maven.report.ReportRequest;
import dev.flatgrad.maven.report.ReportResult;
import dev.flatgrad.maven.report.Reporter;
import dev.flatgrad.processor.base.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Writes an HTML report of the {@code @Differentiable} methods in the compile source roots: {@code
 * target/flatgrad/index.html}, and a page per method with the method as written beside the
 * backward pass flatgrad generates for it, and a picture of its computational graph (each forward
 * value, and the adjoint the backward pass computes for it). Reads the sources itself, so it works
 * with either set-up (processor or {@code generate}) and needs no compile. The pages work offline,
 * from {@code file://}: Graphviz, compiled to WebAssembly, is copied beside them. Code flatgrad
 * cannot differentiate is listed on the index (and logged) but does not fail the build.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class ReportMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Where {@code index.html} and the method pages go. */
  @Parameter(property = "flatgrad.report.directory", defaultValue = "${project.build.directory}/flatgrad",
      required = true)
  private File reportDirectory;

  /** The {@code generate} goal's output: never read as input. */
  @Parameter(property = "flatgrad.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/flatgrad", required = true)
  private File generatedSourcesDirectory;

  /** What the pages call the project. */
  @Parameter(property = "flatgrad.report.title", defaultValue = "${project.name}")
  private String title;

  /** The encoding of the sources; UTF-8 if not set. */
  @Parameter(property = "flatgrad.encoding", defaultValue = "${project.build.sourceEncoding}")
  private String encoding;

  /** Skip the report. */
  @Parameter(property = "flatgrad.report.skip", defaultValue = "false")
  private boolean skip;

  /** The compiler's release and source: sources are parsed at the language level javac compiles them at. */
  @Parameter(defaultValue = "${maven.compiler.release}", readonly = true)
  private String compilerRelease;

  @Parameter(defaultValue = "${maven.compiler.source}", readonly = true)
  private String compilerSource;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("Skipping flatgrad:report (flatgrad.report.skip = true)");
      return;
    }
    ReportRequest request = new ReportRequest(
        project.getCompileSourceRoots().stream().map(Path::of).toList(),
        List.of(generatedSourcesDirectory.toPath()),
        MojoSupport.charset(encoding),
        MojoSupport.compileClasspath(project, "report"),
        reportDirectory.toPath(),
        title == null || title.isBlank() ? project.getArtifactId() : title,
        MojoSupport.javaRelease(project, compilerRelease, compilerSource));
    ReportResult result;
    try {
      result = new Reporter().run(request);
    } catch (IOException e) {
      throw new MojoExecutionException("flatgrad:report: cannot write the report: " + e, e);
    }
    report(result);
  }

  /** The one place where the result becomes log lines. */
  private void report(ReportResult result) {
    for (Diagnostic d : result.diagnostics()) {
      switch (d.severity()) {
        case ERROR, WARNING -> getLog().warn(d.toString());
        case NOTE -> getLog().info(d.toString());
      }
    }
    int errors = result.errors().size();
    getLog().info(String.format("Wrote the flatgrad report of %d %s in %d %s to %s%s",
        result.pages().size(), result.pages().size() == 1 ? "method" : "methods",
        result.classes(), result.classes() == 1 ? "class" : "classes",
        MojoSupport.relative(project, result.index()),
        errors == 0 ? "" : " (" + errors + (errors == 1 ? " problem" : " problems")
            + " listed there: those methods have no page)"));
  }
}
