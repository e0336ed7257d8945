package dev.flatgrad.maven.generate;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.modules.ModuleDeclaration;
import com.github.javaparser.ast.modules.ModuleRequiresDirective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the generate goal needs to know of the project's {@code module-info.java}: whether
 * generated code may carry {@code @javax.annotation.processing.Generated}, as the annotation
 * processor decides it from javac's view of the module.
 */
final class ModuleInfo {
  /** Modules through which a module reads {@code java.compiler}. */
  private static final Set<String> READ_JAVA_COMPILER = Set.of("java.compiler", "java.se");

  private ModuleInfo() {}

  /**
   * Whether code in these source roots can see {@code java.compiler}: always outside a named
   * module; in one, if its {@code module-info.java} requires {@code java.compiler} (or {@code
   * java.se}). A module-info that cannot be read counts as a named module that does not.
   */
  static boolean readsJavaCompiler(List<Path> sourceRoots) throws IOException {
    for (Path root : sourceRoots) {
      Path file = root.resolve("module-info.java");
      if (Files.isRegularFile(file)) {
        return module(Files.readString(file)).map(ModuleInfo::readsJavaCompiler).orElse(false);
      }
    }
    return true;
  }

  private static Optional<ModuleDeclaration> module(String source) {
    ParserConfiguration config = new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.BLEEDING_EDGE);
    return new JavaParser(config).parse(source).getResult().flatMap(CompilationUnit::getModule);
  }

  private static boolean readsJavaCompiler(ModuleDeclaration module) {
    return module.getDirectives().stream()
        .filter(d -> d instanceof ModuleRequiresDirective)
        .map(d -> ((ModuleRequiresDirective) d).getNameAsString())
        .anyMatch(READ_JAVA_COMPILER::contains);
  }
}
