package dev.flatgrad.processor.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.body.Parameter;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The template classes of {@code rules/templates}, every one there, found where this class was
 * loaded from (the processor's jar, or the build's classes directory) and parsed once. No list
 * names them: a template declares its rules by its annotations ({@code @Rule}, {@code @Signature},
 * {@code @Tangent}, {@code @Gate}) and the classes its operations belong to by its imports.
 */
final class Templates {

  private static final String DIRECTORY = "templates/";

  /** One template's source. */
  record Template(String file, CompilationUnit unit) {

    /**
     * The class an operation names ({@code Nd} of {@code "Nd.tanh"}): the one the template imports
     * by that name, else {@code java.lang}'s ({@code Math}).
     */
    ClassRef owner(String simpleName) {
      return unit.getImports().stream()
          .filter(i -> !i.isStatic() && !i.isAsterisk() && i.getName().getIdentifier().equals(simpleName))
          .map(ImportDeclaration::getNameAsString)
          .map(ClassRef::ofQualified)
          .findFirst()
          .orElse(new ClassRef("java.lang", simpleName));
    }
  }

  private static final class Holder {
    static final List<Template> ALL = load();
  }

  private Templates() {}

  static List<Template> all() {
    return Holder.ALL;
  }

  /** The type of a template method's parameter, if flatgrad has it. */
  static Optional<Type> typeOf(Parameter p) {
    return Optional.ofNullable(switch (p.getType().asString()) {
      case "double" -> Type.DOUBLE;
      case "double[]" -> Type.DOUBLE_ARRAY;
      case "double[][]" -> Type.DOUBLE_MATRIX;
      case "int" -> Type.INT;
      case "long" -> Type.LONG;
      case "int[]" -> Type.INT_ARRAY;
      case "boolean" -> Type.BOOLEAN;
      default -> null;
    });
  }

  private static List<Template> load() {
    ParserConfiguration config =
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
    List<Template> out = new ArrayList<>();
    for (String file : files()) {
      CompilationUnit unit = new JavaParser(config).parse(read(file)).getResult()
          .orElseThrow(() -> new IllegalStateException("cannot parse rule template " + file));
      out.add(new Template(file, unit));
    }
    return out;
  }

  /** The names of the templates' source files, sorted, so that rules load in one order everywhere. */
  private static List<String> files() {
    URL marker = Templates.class.getResource(DIRECTORY + "Rule.java");
    if (marker == null) {
      throw new IllegalStateException("the rule templates are missing from flatgrad's processor jar");
    }
    try {
      Stream<String> names;
      if (marker.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(marker.toURI()).getParent())) {
          names = files.map(p -> p.getFileName().toString()).toList().stream();
        }
      } else if (marker.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        String prefix = connection.getEntryName().substring(0, connection.getEntryName().lastIndexOf('/') + 1);
        try (JarFile jar = connection.getJarFile()) {
          names = jar.stream().map(JarEntry::getName)
              .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
              .map(n -> n.substring(prefix.length())).toList().stream();
        }
      } else {
        throw new IllegalStateException("cannot list the rule templates at " + marker);
      }
      return names.filter(n -> n.endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String file) {
    try (InputStream in = Templates.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalStateException("rule template " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
