package dev.flatgrad.processor.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.palantir.javapoet.JavaFile;
import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.ArrayCopies;
import dev.flatgrad.processor.fence.ImplicitHelpers;
import dev.flatgrad.processor.fence.ChainedAssignments;
import dev.flatgrad.processor.fence.Countdowns;
import dev.flatgrad.processor.fence.Increments;
import dev.flatgrad.processor.fence.Labels;
import dev.flatgrad.processor.fence.RecordLocals;
import dev.flatgrad.processor.fence.Switches;
import dev.flatgrad.processor.fence.VarargsHelpers;
import dev.flatgrad.processor.fence.Streams;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The differentiation engine: source text in, generated classes (or diagnostics) out. It parses the
 * file and runs each class through its stages ({@link ClassPipeline}, which runs each method's
 * {@link MethodPipeline}); no problem in user code escapes as an exception.
 */
public final class Engine {

  /** What the engine produced for one compilation unit. */
  public record Result(
      List<JavaFile> files, List<Diagnostic> diagnostics, List<String> dumps, List<MethodReport> reports) {
    public boolean hasErrors() {
      return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }
  }

  /**
   * Engine options.
   *
   * @param dumpIr keep a printout of the IR after each stage
   * @param markGenerated annotate generated classes with {@code @Generated} (of the module
   *     {@code java.compiler}, which code in a named module sees only if the module reads it)
   * @param release the Java release the sources are written for (0: the newest the parser knows)
   * @param reports describe each method for the report goal ({@link Result#reports()})
   */
  public record Options(boolean dumpIr, boolean markGenerated, int release, boolean reports) {
    public static final Options DEFAULT = new Options(false, true, 0, false);

    /** These options with {@code dumpIr}. */
    public Options withDumpIr(boolean dumpIr) {
      return new Options(dumpIr, markGenerated, release, reports);
    }

    /** These options with {@code markGenerated}. */
    public Options withMarkGenerated(boolean markGenerated) {
      return new Options(dumpIr, markGenerated, release, reports);
    }

    /** These options with {@code release}. */
    public Options withRelease(int release) {
      return new Options(dumpIr, markGenerated, release, reports);
    }

    /** These options with {@code reports}. */
    public Options withReports(boolean reports) {
      return new Options(dumpIr, markGenerated, release, reports);
    }
  }

  private final Symbols symbols;
  private final Options options;
  private final RuleRegistry rules = RuleRegistry.get();

  public Engine(Symbols symbols, Options options) {
    this.symbols = symbols;
    this.options = options;
  }

  /** Parses and differentiates one source file. */
  public Result differentiate(String source, String fileName) {
    ParseResult<CompilationUnit> parsed = new JavaParser(SourceLevel.configuration(options.release())).parse(source);
    Diagnostics diagnostics = new Diagnostics(fileName);
    if (parsed.getResult().isEmpty() || !parsed.isSuccessful()) {
      parsed.getProblems().forEach(p -> diagnostics.error(
          p.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> new Pos(r.begin.line, r.begin.column)).orElse(Pos.NONE),
          Tag.PARSE, "cannot parse: " + p.getMessage()));
      return new Result(List.of(), diagnostics.all(), List.of(), List.of());
    }
    return differentiate(parsed.getResult().get(), source, fileName, diagnostics);
  }

  /**
   * The file's methods and the helpers they call ({@link ImplicitHelpers}); a helper that cannot be
   * differentiated is unmarked and the file run again, until none fails (each run unmarks one or
   * more, and a file without helpers runs once).
   */
  private Result differentiate(CompilationUnit unit, String source, String fileName, Diagnostics diagnostics) {
    VarargsHelpers.rewrite(unit); // before marking: a varargs helper is marked as one with an array parameter
    // Before marking: the static helpers a record's inlined method calls are the caller's helpers.
    unit.findAll(MethodDeclaration.class, m -> m.getAnnotations().stream()
        .anyMatch(GradientMethods::isDifferentiableAnnotation)).forEach(RecordLocals::rewrite);
    ImplicitHelpers helpers = ImplicitHelpers.mark(unit);
    unit.findAll(MethodDeclaration.class, m -> m.getAnnotations().stream()
        .anyMatch(GradientMethods::isDifferentiableAnnotation)).forEach(m -> {
          RecordLocals.rewrite(m); // the helpers' own record locals (the annotated methods' are split already)
          ArrayCopies.rewrite(m);
          Switches.rewrite(m);
          Labels.rewrite(m); // after Switches: a break in a case left as an if/else arm leaves the loop
          Countdowns.rewrite(m); // before Increments, which would make while (i-- > 0) a while (true)
          Increments.rewrite(m);
          ChainedAssignments.rewrite(m); // after Increments: a = b = x[k++] is a = b = x[k]; k++;
          Streams.rewrite(m); // last: a stream's loop goes before its statement as the others left it
        });
    Result result = run(unit, source, fileName, diagnostics);
    while (unmarkFailing(helpers, result)) {
      result = run(unit, source, fileName, new Diagnostics(fileName));
    }
    return result;
  }

  /** Unmarks each helper with an error in its lines, with the first one; whether there were any. */
  private static boolean unmarkFailing(ImplicitHelpers helpers, Result result) {
    boolean any = false;
    for (MethodDeclaration helper : helpers.marked()) {
      int first = helper.getBegin().map(p -> p.line).orElse(0);
      int last = helper.getEnd().map(p -> p.line).orElse(-1);
      Optional<Diagnostic> error = result.diagnostics().stream()
          .filter(d -> d.severity() == Diagnostic.Severity.ERROR && d.pos().line() >= first && d.pos().line() <= last)
          .findFirst();
      if (error.isPresent()) {
        helpers.unmark(helper, "line " + error.get().pos().line() + ": " + error.get().message());
        any = true;
      }
    }
    return any;
  }

  /** Each class of the file through its {@link ClassPipeline}. */
  private Result run(CompilationUnit unit, String source, String fileName, Diagnostics diagnostics) {
    List<JavaFile> files = new ArrayList<>();
    List<String> dumps = new ArrayList<>();
    List<MethodReport> reports = new ArrayList<>();
    ClassPipeline classes = new ClassPipeline(unit, ClassEmission.Source.of(unit, source, fileName), symbols, rules,
        diagnostics, options);
    for (TypeDeclaration<?> type : ClassContext.classesOf(unit)) {
      ClassPipeline.Output out = classes.run(type);
      out.file().ifPresent(files::add);
      dumps.addAll(out.dumps());
      reports.addAll(out.reports());
    }
    return new Result(files, diagnostics.all(), dumps, reports);
  }

  /** {@code p.Foo} → {@code p.FooGrad}; a nested {@code p.Outer.Inner} → {@code p.Outer_InnerGrad}. */
  public static ClassRef generatedName(ClassRef source) {
    return new ClassRef(source.packageName(), source.simpleName().replace('.', '_') + "Grad");
  }

}
