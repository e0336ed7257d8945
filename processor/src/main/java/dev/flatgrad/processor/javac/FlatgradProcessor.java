package dev.flatgrad.processor.javac;

import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.engine.Engine;
import dev.flatgrad.processor.engine.SourceLevel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * The javac front-end: for each compilation unit with {@code @Differentiable} methods, asks javac
 * for its source, runs the {@link Engine}, writes the generated classes, and reports the engine's
 * diagnostics as javac errors on the offending lines. Option {@code -Aflatgrad.dumpIr=true}
 * prints the IR after each stage.
 */
@SupportedAnnotationTypes({"dev.flatgrad.annotations.Differentiable", "dev.flatgrad.annotations.CustomGradient"})
@SupportedOptions(FlatgradProcessor.DUMP_IR)
public final class FlatgradProcessor extends AbstractProcessor {

  static final String DUMP_IR = "flatgrad.dumpIr";
  private static final String GENERATED = "javax.annotation.processing.Generated";

  private Trees trees;
  private JavacSymbols symbols;
  private Engine.Options options;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException notJavac) {
      trees = null;
    }
    symbols = new JavacSymbols(env.getElementUtils());
    // Sources are parsed at the release javac compiles them at (--release, -source).
    options = Engine.Options.DEFAULT.withDumpIr(Boolean.parseBoolean(env.getOptions().get(DUMP_IR)))
        .withRelease(SourceLevel.parse(env.getSourceVersion().name().replace("RELEASE_", "")));
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (annotations.isEmpty()) {
      return false;
    }
    Map<CompilationUnitTree, List<Element>> units = new LinkedHashMap<>();
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        if (trees == null) {
          processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
              "[FlatgradCompiler] flatgrad reads method bodies through javac's Trees API; compile with javac", e);
          continue;
        }
        TreePath path = trees.getPath(e);
        if (path != null) {
          units.computeIfAbsent(path.getCompilationUnit(), k -> new ArrayList<>()).add(e);
        }
      }
    }
    units.forEach(this::differentiate);
    return false;
  }

  private void differentiate(CompilationUnitTree unit, List<Element> methods) {
    JavaFileObject file = unit.getSourceFile();
    String source;
    try {
      source = file.getCharContent(true).toString();
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
          "[FlatgradIo] cannot read " + file.getName() + ": " + e.getMessage(), methods.get(0));
      return;
    }
    Engine engine = new Engine(symbols, options.withMarkGenerated(seesGenerated(methods.get(0))));
    Engine.Result result = engine.differentiate(source, file.getName());
    for (Diagnostic d : result.diagnostics()) {
      report(unit, d, methods.get(0));
    }
    result.dumps().forEach(dump -> processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.NOTE, dump));
    Element[] originating = methods.toArray(new Element[0]);
    for (JavaFile f : result.files()) {
      String name = f.packageName().isEmpty() ? f.typeSpec().name() : f.packageName() + "." + f.typeSpec().name();
      try (java.io.Writer w = processingEnv.getFiler().createSourceFile(name, originating).openWriter()) {
        f.writeTo(w);
      } catch (IOException e) {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
            "[FlatgradIo] cannot write " + f.packageName() + "." + f.typeSpec().name() + ": " + e.getMessage(),
            methods.get(0));
      }
    }
  }

  /**
   * Whether code beside {@code e} can use {@code @javax.annotation.processing.Generated}: in a named
   * module, only if the module reads {@code java.compiler}.
   */
  private boolean seesGenerated(Element e) {
    Elements elements = processingEnv.getElementUtils();
    ModuleElement module = elements.getModuleOf(e);
    return module == null || module.isUnnamed()
        ? elements.getTypeElement(GENERATED) != null
        : elements.getTypeElement(module, GENERATED) != null;
  }

  private void report(CompilationUnitTree unit, Diagnostic d, Element fallback) {
    javax.tools.Diagnostic.Kind kind = switch (d.severity()) {
      case ERROR -> javax.tools.Diagnostic.Kind.ERROR;
      case WARNING -> javax.tools.Diagnostic.Kind.WARNING;
      case NOTE -> javax.tools.Diagnostic.Kind.NOTE;
    };
    Tree at = treeAt(unit, d.pos().line(), d.pos().column());
    if (at != null) {
      trees.printMessage(kind, d.text(), at, unit);
    } else {
      processingEnv.getMessager().printMessage(kind, d.text(), fallback);
    }
  }

  /** The innermost tree starting at (or else containing) the line and column. */
  private Tree treeAt(CompilationUnitTree unit, int line, int column) {
    if (line <= 0) {
      return null;
    }
    LineMap lines = unit.getLineMap();
    long target;
    try {
      target = lines.getStartPosition(line) + Math.max(0, column - 1);
    } catch (RuntimeException e) {
      return null;
    }
    SourcePositions positions = trees.getSourcePositions();
    Tree[] best = {null};
    long[] bestSize = {Long.MAX_VALUE};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree == null) {
          return null;
        }
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start <= target && target < Math.max(end, start + 1)) {
          long size = (start == target ? 0 : 1L << 40) + (end - start);
          if (size < bestSize[0]) {
            bestSize[0] = size;
            best[0] = tree;
          }
          return super.scan(tree, unused);
        }
        return null;
      }
    }.scan(unit, null);
    return best[0];
  }
}
