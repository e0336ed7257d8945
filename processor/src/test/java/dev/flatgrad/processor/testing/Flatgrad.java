package dev.flatgrad.processor.testing;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.flatgrad.processor.javac.FlatgradProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/** Compiles user code with the real javac and the flatgrad processor, and runs what it made. */
public final class Flatgrad {

  private Flatgrad() {}

  /**
   * A source file from its text, named by its package and its public type (else its first type),
   * read past comments: a comment that says "the record below" names nothing.
   */
  public static JavaFileObject source(String code) {
    String declarations = code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ");
    String pkg = declarations.replaceAll("(?s).*?package\\s+([\\w.]+);.*", "$1");
    List<MatchResult> types = TOP_LEVEL_TYPE.matcher(declarations).results().toList();
    String cls = types.stream().filter(t -> t.group(1) != null).findFirst()
        .or(() -> types.stream().findFirst())
        .map(t -> t.group(2))
        .orElseGet(() -> declarations.replaceAll("(?s).*?(?:class|interface|record|enum)\\s+(\\w+).*", "$1"));
    return JavaFileObjects.forSourceString(pkg + "." + cls, code);
  }

  /**
   * A type declared at the start of a line, after its annotations: at the top level, as text
   * blocks indent the corpora. Group 1 says it is public; group 2 is its name.
   */
  private static final Pattern TOP_LEVEL_TYPE = Pattern.compile("(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(public\\s+)?"
      + "(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

  /**
   * The source with {@code hessian = true} added to every {@code @Differentiable}: corpora written
   * for gradients, compiled so that their tangents and Hessian-vector products are checked too.
   */
  public static String withSecondOrder(String code) {
    return code.replaceAll("@Differentiable\\(", "@Differentiable(hessian = true, ")
        .replaceAll("@Differentiable(?![(\\w])", "@Differentiable(hessian = true)");
  }

  /** Compiles with the processor, as strictly as users are told they can: -Xlint:all -Werror. */
  public static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new FlatgradProcessor())
        .withOptions("-Xlint:all", "-Xlint:-processing", "-Werror")
        .compile(sources);
  }

  /** Compiles and asserts success, printing the diagnostics otherwise. */
  public static Compilation compileOk(JavaFileObject... sources) {
    Compilation c = compile(sources);
    assertWithMessage("%s", c.diagnostics()).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    return c;
  }

  /** The text of a generated source file. */
  /**
   * Asserts that a {@code @Differentiable f(double[] x, double y)} with {@code body}, in a file
   * importing {@code java.util.Arrays} and {@code java.util.stream.IntStream}, fails with errors
   * containing each of {@code words} on the line containing {@code line}.
   */
  public static void assertBodyErrorsOn(String body, String line, String... words) {
    assertErrorsOn(source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.Arrays;
        import java.util.stream.IntStream;

        class Bad {
          @Differentiable
          static double f(double[] x, double y) {
        %s
          }
        }
        """.formatted(body)), line, words);
  }

  /** Asserts that compiling {@code file} fails with errors containing each of {@code words} on the line containing {@code line}. */
  public static void assertErrorsOn(JavaFileObject file, String line, String... words) {
    com.google.testing.compile.CompilationSubject subject = com.google.testing.compile.CompilationSubject.assertThat(compile(file));
    subject.failed();
    for (String word : words) {
      subject.hadErrorContaining(word).inFile(file).onLineContaining(line);
    }
  }

  public static String generated(Compilation c, String qualifiedName) {
    JavaFileObject f = c.generatedSourceFile(qualifiedName).orElseThrow(
        () -> new AssertionError("no generated " + qualifiedName + "; diagnostics: " + c.diagnostics()));
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of the generated method whose signature starts with {@code signature}, to the next member. */
  public static String generatedMethod(String code, String signature) {
    int start = code.indexOf("public static " + signature);
    if (start < 0) {
      throw new AssertionError("no method " + signature + " in\n" + code);
    }
    int end = code.indexOf("\n    /**", start);
    return code.substring(start, end < 0 ? code.length() : end);
  }

  /** Code without its indentation, to find a few lines of it wherever they are nested. */
  public static String unindented(String code) {
    return code.replaceAll("(?m)^ +", "");
  }

  /**
   * Asserts the generated file matches the golden file under {@code src/test/resources/goldens}
   * byte for byte. Run with {@code -Dflatgrad.updateGoldens=true} to write the goldens instead.
   */
  public static void assertGolden(Compilation c, String qualifiedName, String goldenPath) {
    String actual = generated(c, qualifiedName);
    Path golden = Path.of("src/test/resources/goldens").resolve(goldenPath);
    try {
      if (Boolean.getBoolean("flatgrad.updateGoldens")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual);
        return;
      }
      String expected = Files.exists(golden) ? Files.readString(golden) : "(no golden file " + golden + ")";
      assertThat(actual).isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The classes a compilation produced, loadable. */
  public static Loaded load(Compilation c) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String binary = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - ".class".length())
          .replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Loaded(classes);
  }

  /** Classes loaded from a compilation's output. */
  public static final class Loaded extends ClassLoader {
    private final Map<String, byte[]> classes;

    Loaded(Map<String, byte[]> classes) {
      super(Flatgrad.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }

    /** Calls a public static method by name (the only one of that name and arity). */
    public Object call(String className, String method, Object... args) {
      try {
        Class<?> cls = loadClass(className);
        for (Method m : cls.getMethods()) {
          if (m.getName().equals(method) && m.getParameterCount() == args.length) {
            return m.invoke(null, args);
          }
        }
        throw new AssertionError("no method " + className + "." + method + " with " + args.length + " parameters");
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new AssertionError(e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    /** A record component of a result, by accessor name. */
    public static Object component(Object record, String name) {
      try {
        Method m = record.getClass().getMethod(name);
        m.setAccessible(true);
        return m.invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
