package dev.flatgrad.processor.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.palantir.javapoet.JavaFile;
import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Diagnostics;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.CheckStep;
import dev.flatgrad.processor.fence.ClassFence;
import dev.flatgrad.processor.fence.Fence;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The differentiation engine: source text in, generated classes (or diagnostics) out. The
 * pipeline for each method is explicit in {@link MethodPipeline}; this class finds the methods,
 * groups them by class, and never lets a problem in user code escape as an exception.
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

  private Result differentiate(CompilationUnit unit, String source, String fileName, Diagnostics diagnostics) {
    List<JavaFile> files = new ArrayList<>();
    List<String> dumps = new ArrayList<>();
    List<MethodReport> reports = new ArrayList<>();
    for (TypeDeclaration<?> type : ClassContext.classesOf(unit)) {
      ClassFence fence = ClassFence.of(type);
      fence.problems().forEach(diagnostics::error);
      List<GradientMethods.Entry> entries = fence.entries();
      if (entries.isEmpty()) {
        continue;
      }
      int errorsBefore = diagnostics.errorCount();
      fence.recursion().forEach(diagnostics::error);
      ClassContext cls = ClassContext.of(unit, type, symbols);
      ClassRef generated = generatedName(cls.self());
      String simpleFile = fileName.substring(fileName.lastIndexOf('/') + 1);
      GradClassEmitter emitter = new GradClassEmitter(cls.self(), generated, simpleFile, options.markGenerated(),
          new GradClassEmitter.Reserved(cls.fieldNames(), cls.methodNames(),
              entries.stream().map(GradientMethods.Entry::recordName).collect(java.util.stream.Collectors.toSet())),
          auxiliary(unit, simpleFile));
      Lowering constants = new Lowering(cls, new UserMethods(cls, rules.calls()), diagnostics, generated);
      java.util.Set<String> copied = new java.util.HashSet<>();
      for (GradientMethods.Entry entry : entries) {
        MethodDeclaration m = entry.method();
        try {
          Fence methodFence = Fence.of(entry);
          methodFence.problems().forEach(diagnostics::error);
          if (entry.isCustom()) {
            if (methodFence.problems().isEmpty()) {
              report(reports, cls, generated, m, source,
                  emitter.add(CustomGradients.build(cls.self(), entry), CheckStep.of(m)), ModeEmitter.Added.NONE);
            }
            continue;
          }
          new MethodPipeline(cls, rules, diagnostics, generated, options).run(entry, methodFence).ifPresent(r -> {
            OptionalDouble step = CheckStep.of(m);
            GradClassEmitter.Added added = emitter.add(r.method(), step);
            report(reports, cls, generated, m, source, added, emitter.addModes(r.modes(), step));
            r.copied().forEach(c -> copyConstant(c, constants, emitter, copied, diagnostics));
            dumps.addAll(r.dumps());
          });
        } catch (Problem p) {
          diagnostics.error(p);
        } catch (RuntimeException internal) {
          if (Boolean.getBoolean("flatgrad.debug")) {
            internal.printStackTrace();
          }
          diagnostics.error(
              Nodes.pos(m),
              Tag.INTERNAL,
              "flatgrad failed on " + m.getNameAsString() + " (" + internal + "); this is a bug in"
                  + " flatgrad, please report it with the method's source");
        }
      }
      if (diagnostics.errorCount() == errorsBefore) {
        files.add(emitter.build());
      }
    }
    return new Result(files, diagnostics.all(), dumps, reports);
  }

  private void report(List<MethodReport> reports, ClassContext cls, ClassRef generated,
      MethodDeclaration m, String source, GradClassEmitter.Added added, ModeEmitter.Added modes) {
    if (!options.reports()) {
      return;
    }
    String text = m.getRange()
        .map(r -> String.join("\n", source.lines().toList().subList(r.begin.line - 1, r.end.line)))
        .orElseGet(m::toString);
    reports.add(new MethodReport(cls.self().qualifiedName(), m.getNameAsString(), Nodes.pos(m.getName()).line(),
        generated.qualifiedName(), stripIndent(text), added.gradientSource().get(), added.graph().get(),
        modes.tangentSource(), modes.hvpSource()));
  }

  private static String stripIndent(String text) {
    return text.stripIndent();
  }

  private void copyConstant(ClassContext.LocalField field, Lowering lowering, GradClassEmitter emitter,
      java.util.Set<String> copied, Diagnostics diagnostics) {
    if (!copied.add(field.name())) {
      return;
    }
    try {
      var value = lowering.constantInitializer(field);
      emitter.addConstant(new GradClassEmitter.Constant(field.name(),
          dev.flatgrad.processor.ir.Variable.temp(field.name(), value.type()), value));
      for (ClassContext.LocalField more : lowering.copiedConstants()) {
        copyConstant(more, lowering, emitter, copied, diagnostics);
      }
    } catch (Problem p) {
      diagnostics.error(p);
    }
  }

  /** The top-level classes of a file that are not named after it ({@code Q} in {@code P.java}). */
  private static java.util.Set<ClassRef> auxiliary(CompilationUnit unit, String simpleFile) {
    String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    String primary = simpleFile.endsWith(".java") ? simpleFile.substring(0, simpleFile.length() - 5) : simpleFile;
    java.util.Set<ClassRef> out = new java.util.HashSet<>();
    for (TypeDeclaration<?> t : unit.getTypes()) {
      if (!t.getNameAsString().equals(primary)) {
        out.add(new ClassRef(pkg, t.getNameAsString()));
      }
    }
    return out;
  }

  /** {@code p.Foo} → {@code p.FooGrad}; a nested {@code p.Outer.Inner} → {@code p.Outer_InnerGrad}. */
  public static ClassRef generatedName(ClassRef source) {
    return new ClassRef(source.packageName(), source.simpleName().replace('.', '_') + "Grad");
  }

}
