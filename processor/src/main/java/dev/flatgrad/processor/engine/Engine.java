package dev.flatgrad.processor.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.palantir.javapoet.JavaFile;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Pos;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.GradientMethods;
import dev.flatgrad.processor.lower.Lowering;
import dev.flatgrad.processor.lower.UserMethods;
import dev.flatgrad.processor.rules.RuleRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
   */
  public record Options(boolean dumpIr, boolean markGenerated) {
    public static final Options DEFAULT = new Options(false, true);

    /** These options with {@code dumpIr}. */
    public Options withDumpIr(boolean dumpIr) {
      return new Options(dumpIr, markGenerated);
    }

    /** These options with {@code markGenerated}. */
    public Options withMarkGenerated(boolean markGenerated) {
      return new Options(dumpIr, markGenerated);
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
    ParserConfiguration config =
        new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
            .setTabSize(1);
    ParseResult<CompilationUnit> parsed = new JavaParser(config).parse(source);
    Diagnostics diagnostics = new Diagnostics(fileName);
    if (parsed.getResult().isEmpty() || !parsed.isSuccessful()) {
      parsed.getProblems().forEach(p -> diagnostics.error(
          p.getLocation().flatMap(l -> l.getBegin().getRange()).map(r -> new Pos(r.begin.line, r.begin.column)).orElse(Pos.NONE),
          "FlatgradParse", "cannot parse: " + p.getMessage()));
      return new Result(List.of(), diagnostics.all(), List.of(), List.of());
    }
    return differentiate(parsed.getResult().get(), source, fileName, diagnostics);
  }

  private Result differentiate(CompilationUnit unit, String source, String fileName, Diagnostics diagnostics) {
    List<JavaFile> files = new ArrayList<>();
    List<String> dumps = new ArrayList<>();
    List<MethodReport> reports = new ArrayList<>();
    for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
      CustomGradients.validate(type, diagnostics);
      CustomTangents.validate(type, diagnostics);
      List<GradientMethods.Entry> entries = GradientMethods.of(type);
      if (entries.isEmpty()) {
        continue;
      }
      ModeNames.check(entries, diagnostics);
      int errorsBefore = diagnostics.errorCount();
      Recursion.check(type.getNameAsString(), entries, diagnostics);
      ClassContext cls = ClassContext.of(unit, type, symbols);
      ClassRef generated = generatedName(cls.self());
      String simpleFile = fileName.substring(fileName.lastIndexOf('/') + 1);
      GradClassEmitter emitter = new GradClassEmitter(cls.self(), generated, simpleFile, options.markGenerated());
      Lowering constants = new Lowering(cls, new UserMethods(cls, rules), diagnostics, generated);
      java.util.Set<String> copied = new java.util.HashSet<>();
      for (GradientMethods.Entry entry : entries) {
        MethodDeclaration m = entry.method();
        try {
          if (entry.isCustom()) {
            report(reports, cls, generated, m, source, emitter.add(CustomGradients.build(cls.self(), entry)),
                ModeEmitter.Added.NONE);
            continue;
          }
          new MethodPipeline(cls, rules, diagnostics, generated, options).run(m, entry).ifPresent(r -> {
            GradClassEmitter.Added added = emitter.add(r.method());
            report(reports, cls, generated, m, source, added, emitter.addModes(r.modes()));
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
              Lowering.pos(m),
              "FlatgradInternal",
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

  private static void report(List<MethodReport> reports, ClassContext cls, ClassRef generated,
      MethodDeclaration m, String source, GradClassEmitter.Added added, ModeEmitter.Added modes) {
    String text = m.getRange()
        .map(r -> String.join("\n", source.lines().toList().subList(r.begin.line - 1, r.end.line)))
        .orElse(m.toString());
    reports.add(new MethodReport(cls.self().qualifiedName(), m.getNameAsString(), Lowering.pos(m.getName()).line(),
        generated.qualifiedName(), stripIndent(text), added.gradientSource(), added.graph(), modes.tangentSource(),
        modes.hvpSource()));
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

  /** {@code p.Foo} → {@code p.FooGrad}; a nested {@code p.Outer.Inner} → {@code p.Outer_InnerGrad}. */
  public static ClassRef generatedName(ClassRef source) {
    return new ClassRef(source.packageName(), source.simpleName().replace('.', '_') + "Grad");
  }

}
