package dev.flatgrad.maven;

import dev.flatgrad.maven.check.CheckRequest;
import dev.flatgrad.maven.check.CheckResult;
import dev.flatgrad.maven.check.CheckRunner;
import dev.flatgrad.maven.check.CheckTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Checks the generated gradient of every {@code @Differentiable} method that declares example
 * inputs with {@code @CheckInputs}: draws the inputs, computes the gradient with the generated
 * {@code FooGrad} class, and compares every entry with centred differences of the method itself.
 * Prints a table (method, parameter, max relative error, pass/fail) and fails the build if any
 * gradient is off. Methods without {@code @CheckInputs} are listed as unchecked. Runs the
 * project's compiled classes, so it belongs after {@code compile} (by default in {@code verify}).
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public class CheckMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The largest relative error {@code |a - n| / max(|a| + |n|, floor)} that passes. */
  @Parameter(property = "flatgrad.check.tolerance", defaultValue = "1e-7")
  private double tolerance;

  /**
   * The relative difference step: each entry {@code x} is perturbed by {@code step * max(1, |x|)}.
   * A method's {@code @CheckInputs(step = ...)} wins over it. Kinked or noisy functions (Monte
   * Carlo payoffs) need a larger step than smooth ones.
   */
  @Parameter(property = "flatgrad.check.step", defaultValue = "1e-4")
  private double step;

  /** How many random entries of each array parameter to check; 0 checks every entry. */
  @Parameter(property = "flatgrad.check.sample", defaultValue = "0")
  private int sample;

  /**
   * Which methods to check, as patterns over {@code package.Class#method} ({@code *} matches
   * anything; the package may be left out; a pattern without {@code #} means every method of the
   * class). Empty checks every method. From the command line: {@code
   * -Dflatgrad.check.methods=Net#loss,lecture.*}.
   */
  @Parameter(property = "flatgrad.check.methods")
  private List<String> methods;

  /** Fail the build when a selected method has no {@code @CheckInputs}. */
  @Parameter(property = "flatgrad.check.failOnUnchecked", defaultValue = "false")
  private boolean failOnUnchecked;

  /** The encoding of the sources; UTF-8 if not set. */
  @Parameter(property = "flatgrad.encoding", defaultValue = "${project.build.sourceEncoding}")
  private String encoding;

  /** Skip the check. */
  @Parameter(property = "flatgrad.check.skip", defaultValue = "false")
  private boolean skip;

  /** The compiler's release and source: sources are parsed at the language level javac compiles them at. */
  @Parameter(defaultValue = "${maven.compiler.release}", readonly = true)
  private String compilerRelease;

  @Parameter(defaultValue = "${maven.compiler.source}", readonly = true)
  private String compilerSource;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping flatgrad:check (flatgrad.check.skip = true)");
      return;
    }
    CheckRequest request;
    try {
      request = new CheckRequest(
          project.getCompileSourceRoots().stream().map(Path::of).toList(),
          MojoSupport.charset(encoding),
          classpath(),
          tolerance,
          step,
          sample,
          methods == null ? List.of() : methods,
          failOnUnchecked,
          MojoSupport.javaRelease(project, compilerRelease, compilerSource));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("flatgrad:check: " + e.getMessage(), e);
    }
    CheckResult result;
    try {
      result = new CheckRunner().run(request);
    } catch (IOException e) {
      throw new MojoExecutionException("flatgrad:check: cannot read the sources: " + e, e);
    }
    report(result);
  }

  /** The compiled classes first, then the compile and runtime classpath. */
  private List<Path> classpath() throws MojoExecutionException {
    Set<Path> elements = new LinkedHashSet<>();
    elements.add(Path.of(project.getBuild().getOutputDirectory()));
    try {
      List<String> all = new ArrayList<>(project.getCompileClasspathElements());
      all.addAll(project.getRuntimeClasspathElements());
      all.forEach(e -> elements.add(Path.of(e)));
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("flatgrad:check: the classpath is not resolved: " + e.getMessage(), e);
    }
    return List.copyOf(elements);
  }

  /** The one place where the result becomes log lines or a failed build. */
  private void report(CheckResult result) throws MojoFailureException {
    if (result.outcomes().isEmpty()) {
      getLog().info("No @Differentiable methods to check.");
      return;
    }
    for (CheckTable.Line line : CheckTable.report(result)) {
      switch (line.level()) {
        case ERROR -> getLog().error(line.text());
        case WARNING -> getLog().warn(line.text());
        case INFO -> getLog().info(line.text());
      }
    }
    if (result.failedBuild()) {
      throw new MojoFailureException(CheckTable.failureMessage(result));
    }
  }
}
