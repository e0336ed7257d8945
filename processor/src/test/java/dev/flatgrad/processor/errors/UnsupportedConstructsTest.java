package dev.flatgrad.processor.errors;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every construct outside the supported language is a javac error on the offending line that
 * names the construct and says what to do instead, and never a stack trace. All the cases are
 * methods of one class compiled once: the processor reports each and carries on with the next.
 */
class UnsupportedConstructsTest {

  private static final JavaFileObject SOURCE = source("""
      package bad;

      import dev.flatgrad.annotations.Differentiable;
      import java.util.function.DoubleUnaryOperator;

      class Bad {
        static double field = 1.0;
        static Object shape = null;

        static double helper(double x) {
          double[] sorted = {x, 1.0};
          java.util.Arrays.sort(sorted);
          return sorted[0] * 2.0;
        }

        @Differentiable
        static double fine(double x) {
          return x * x;
        }

        @Differentiable
        static double switchStatement(double x, int k) {
          double y = x;
          switch (k) {
            case 0:
              y = y * 2.0;
            default:
              y = -y;
          }
          return y;
        }

        @Differentiable
        static double labelledBlock(double[] x) {
          double s = 0.0;
          found: {
            for (int i = 0; i < x.length; i++) {
              if (x[i] > 1.0) {
                break found;
              }
              s += x[i];
            }
            s = -s;
          }
          return s;
        }

        @Differentiable
        static double tryCatch(double x) {
          try {
            return Math.log(x);
          } catch (RuntimeException e) {
            return 0.0;
          }
        }

        static RuntimeException failure(String message) {
          return new IllegalArgumentException(message);
        }

        @Differentiable
        static double throwStatement(double x) {
          if (x < 0) {
            throw failure("negative");
          }
          return Math.sqrt(x);
        }

        @Differentiable
        static double lambda(double x) {
          return ((DoubleUnaryOperator) v -> v * v).applyAsDouble(x);
        }

        @Differentiable
        static double methodReference(double x) {
          DoubleUnaryOperator f = Math::exp;
          return f.applyAsDouble(x);
        }

        @Differentiable
        static double objectCreation(double x) {
          return x * new java.util.Random().nextDouble();
        }

        @Differentiable
        static double strings(double x) {
          String label = "x = " + x;
          return x * label.length();
        }

        @Differentiable
        static double floatLocal(double x) {
          float f = 2.0f;
          return x * f;
        }

        @Differentiable
        static double floatParameter(float y) {
          return y;
        }

        @Differentiable
        static double fieldWrite(double x) {
          field = x;
          return x * x;
        }

        @Differentiable
        static double parameterArrayWrite(double[] a) {
          a[0] = a[0] * 2.0;
          return a[0];
        }

        @Differentiable
        static double parameterMatrixWrite(double[][] m) {
          m[1][0] += 2.0;
          return m[0][0];
        }

        @Differentiable
        static double unknownCall(double x) {
          return helper(x) * x;
        }

        @Differentiable
        static double recursion(double x, int n) {
          return n == 0 ? x : x * recursion(x, n - 1);
        }

        @Differentiable
        static double streams(double[] x) {
          return java.util.Arrays.stream(x).sorted().sum();
        }

        @Differentiable
        static double mathRandom(double x) {
          return x * Math.random();
        }

        @Differentiable static int intReturn(double x) {
          return (int) x;
        }

        @Differentiable static void voidReturn(double x) {
        }

        @Differentiable
        static double rank3(double[][][] t) {
          return t[0][0][0];
        }

        @Differentiable static double varargs(double... v) {
          return v[0];
        }

        @Differentiable(wrt = {"n"})
        static double wrtNamesAnInt(double x, int n) {
          return x * n;
        }

        @Differentiable(wrt = {"nope"})
        static double wrtNamesNothing(double x) {
          return x;
        }

        @Differentiable
        static double printing(double x) {
          System.out.println(x);
          return x;
        }

        @Differentiable
        static double assignmentInExpression(double x) {
          double y;
          double z = (y = x * 2.0) + 1.0;
          return y * z;
        }

        @Differentiable
        static double incrementInExpression(double[] x) {
          int i = 0;
          double first = x[i++] * x[i++];
          return first * i;
        }

        @Differentiable
        static double nullArray(double[] x) {
          double[] none = null;
          return x[0];
        }

        record Particle(double x, double v) {}

        @Differentiable
        static double nullRecord(double[] xs) {
          Particle best = null;
          for (int i = 0; i < xs.length; i++) {
            Particle p = new Particle(xs[i], xs[i] * xs[i]);
            if (best == null || p.v() > best.v()) {
              best = p;
            }
          }
          return best.x();
        }

        @Differentiable
        static double switchExpression(double x, int k) {
          var y = switch (k + 1) {
            case 0 -> x;
            default -> -x;
          };
          return y;
        }

        @Differentiable
        static double patternMatching(double x) {
          if (shape instanceof Double d) {
            return x * d;
          }
          return x;
        }

        @Differentiable
        static double localRecord(double x) {
          record Pair(double a, double b) {}
          return x;
        }

        @Differentiable
        static double textBlock(double x) {
          double scale = Double.parseDouble(\"""
              1.5
              \""");
          return x * scale;
        }

        @Differentiable
        static double jdkMethodWithoutARule(double x) {
          return Math.nextAfter(x, 1.0);
        }
      }
      """);

  /** One unsupported construct: the line it is on and the words its message must contain. */
  private record Case(String name, String line, String... words) {}

  private static final List<Case> CASES = List.of(
      new Case("switch", "switch (k) {", "[FlatgradUnsupported]", "case 0 falls through", "end it with break"),
      new Case("labelled block", "found: {", "[FlatgradUnsupported]", "label on a block", "boolean flag"),
      new Case("try/catch", "try {", "[FlatgradUnsupported]", "try/catch", "caller"),
      new Case("throw", "throw failure(", "[FlatgradUnsupported]", "only a new exception can be thrown",
          "create it where it is thrown"),
      // The lambda and the method reference are reported through the type of the value they
      // make (see the report: the message does not name them).
      new Case("lambda", "v -> v * v", "[FlatgradUnsupported]", "lambdas", "inline"),
      new Case("method reference", "Math::exp", "[FlatgradUnsupported]", "method references", "call the method"),
      new Case("object creation", "new java.util.Random()", "[FlatgradUnsupported]", "draws different numbers",
          "new Random(seed)"),
      new Case("string", "String label", "[FlatgradType]", "String", "not supported"),
      new Case("float local", "float f = 2.0f;", "[FlatgradFloat]", "float", "declare it double"),
      new Case("float parameter", "floatParameter(float y)", "[FlatgradFloat]", "float", "declare it double"),
      new Case("field write", "field = x;", "[FlatgradFieldWrite]", "field", "local variable"),
      new Case("parameter array write", "a[0] = a[0] * 2.0;", "[FlatgradParameterWrite]", "parameter array",
          "copy it first"),
      new Case("parameter matrix write", "m[1][0] += 2.0;", "[FlatgradParameterWrite]", "parameter array",
          "copy it first"),
      new Case("call without a gradient", "return helper(x) * x;", "[FlatgradNoGradient]", "helper",
          "could not differentiate `helper`", "line 12: Arrays.sort sorts its array in place", "@CustomGradient(of = \"helper\")"),
      new Case("recursion", "x * recursion(x, n - 1)", "[FlatgradRecursion]", "calls itself", "as a loop"),
      new Case("streams", "Arrays.stream(x)", "[FlatgradUnsupported]", "`sorted` on a stream"),
      new Case("Math.random", "Math.random()", "[FlatgradUnknownCall]", "Math.random"),
      new Case("int return", "static int intReturn(", "[FlatgradMethodShape]", "returns int",
          "returning double"),
      new Case("void return", "static void voidReturn(", "[FlatgradMethodShape]", "returns void",
          "returning double"),
      new Case("rank-3 indexing", "return t[0][0][0];", "[FlatgradRank]", "double[][][]",
          "take the whole matrix first"),
      new Case("varargs", "varargs(double... v)", "[FlatgradMethodShape]", "varargs", "array"),
      new Case("wrt names an int", "@Differentiable(wrt = {\"n\"})", "[FlatgradWrt]", "\"n\"",
          "not a differentiable parameter", "choose from x"),
      new Case("wrt names nothing", "@Differentiable(wrt = {\"nope\"})", "[FlatgradWrt]", "\"nope\"",
          "choose from x"),
      new Case("call for its side effect", "System.out.println(x);", "[FlatgradUnsupported]", "pure function"),
      new Case("assignment in an expression", "(y = x * 2.0)", "[FlatgradUnsupported]",
          "assignment inside an expression", "own statement"),
      new Case("increment in an expression", "x[i++] * x[i++]", "[FlatgradUnsupported]", "i++", "own statement"),
      new Case("null", "double[] none = null;", "[FlatgradUnsupported]", "null"),
      new Case("switch expression", "var y = switch (k + 1) {", "[FlatgradUnsupported]", "var y = switch",
          "write the variable's type"),
      new Case("pattern matching", "shape instanceof Double d", "[FlatgradUnsupported]", "pattern matching",
          "match the object in the caller"),
      new Case("local record", "record Pair(double a, double b)", "[FlatgradUnsupported]", "local record",
          "local variables"),
      new Case("text block", "Double.parseDouble(\"\"\"", "[FlatgradUnsupported]", "text blocks",
          "move logging and messages to its caller"),
      new Case("JDK method without a rule", "Math.nextAfter(x, 1.0)", "[FlatgradNoGradient]", "`Math.nextAfter`",
          "JDK method without an adjoint rule", "`x` depends on the differentiated parameters",
          "@CustomGradient"),
      new Case("null record", "Particle best = null;", "[FlatgradUnsupported]", "`Particle best = null` is not"
          + " supported", "start from a first one (Particle best = items[0]; then loop from 1)", "boolean found flag"),
      new Case("comparison with null", "best == null ||", "[FlatgradUnsupported]",
          "`best == null` is not supported", "nothing is null", "boolean flag"));

  private static Compilation compilation;

  @BeforeAll
  static void compileOnce() {
    compilation = compile(SOURCE);
  }

  @TestFactory
  Stream<DynamicTest> eachConstructIsAnErrorOnItsLine() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : CASES) {
      tests.add(DynamicTest.dynamicTest(c.name(), () -> {
        assertThat(compilation).failed();
        for (String word : c.words()) {
          assertThat(compilation).hadErrorContaining(word).inFile(SOURCE).onLineContaining(c.line());
        }
        // ... and all the words are in one message.
        long line = lineOf(c.line());
        List<String> onLine = compilation.errors().stream()
            .filter(d -> d.getLineNumber() == line)
            .map(d -> d.getMessage(Locale.ROOT))
            .toList();
        assertWithMessage("errors on line %s (%s)", line, c.line())
            .that(onLine.stream().anyMatch(m -> Stream.of(c.words()).allMatch(m::contains)))
            .isTrue();
      }));
    }
    return tests.stream();
  }

  @Test
  void noStackTraceReachesTheUser() {
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      assertWithMessage("%s", d).that(message).doesNotContain("Exception");
      assertWithMessage("%s", d).that(message).doesNotContain("\tat ");
      assertWithMessage("%s", d).that(message).doesNotContain("Error:");
    }
  }

  @Test
  void everyErrorIsAFlatgradErrorInTheUsersFile() {
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertWithMessage("%s", d).that(d.getMessage(Locale.ROOT)).startsWith("[Flatgrad");
      assertWithMessage("%s", d).that(d.getSource()).isNotNull();
      assertWithMessage("%s", d).that(d.getSource().toUri()).isEqualTo(SOURCE.toUri());
    }
  }

  @Test
  void aSupportedMethodBesideTheUnsupportedOnesGetsNoError() {
    long fine = lineOf("static double fine(double x)");
    long fineEnd = fine + 2;
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertWithMessage("%s", d).that(d.getLineNumber() >= fine - 1 && d.getLineNumber() <= fineEnd).isFalse();
    }
  }

  @Test
  void eachUnsupportedMethodIsReportedAlone() {
    // One compilation per method: the same error without the others around it.
    for (Case c : List.of(CASES.get(0), CASES.get(10), CASES.get(11), CASES.get(21))) {
      JavaFileObject alone = source("""
          package bad;

          import dev.flatgrad.annotations.Differentiable;

          class Alone {
            static double field = 1.0;

          %s
          }
          """.formatted(methodAround(c.line())));
      Compilation one = compile(alone);
      assertThat(one).failed();
      for (String word : c.words()) {
        assertThat(one).hadErrorContaining(word).inFile(alone).onLineContaining(c.line());
      }
      assertThat(one.errors()).hasSize(1);
    }
  }

  @Test
  void everyUnsupportedConstructOfAMethodIsReportedAtOnce() {
    // The fence reports each construct, two in one statement too; the rest of the method is still
    // lowered, and the use of the rejected lambda says nothing more.
    JavaFileObject many = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;
        import java.util.function.DoubleUnaryOperator;

        class Many {
          @Differentiable
          static double many(double x, double[] a, int k) {
            double s = (a[0] = x) * (k = 2);
            switch (k) {
              case 1:
                s = -s;
              default:
                s = s * 2.0;
            }
            DoubleUnaryOperator f = v -> v * v;
            return s + f.applyAsDouble(x);
          }
        }
        """);
    Compilation c = compile(many);
    String both = "double s = (a[0] = x) * (k = 2);";
    assertThat(c).hadErrorContaining("assignment inside an expression").inFile(many).onLineContaining(both);
    assertThat(c).hadErrorContaining("falls through").inFile(many).onLineContaining("switch (k)");
    assertThat(c).hadErrorContaining("lambdas").inFile(many).onLineContaining("v -> v * v");
    long line = sourceText(many).lines().takeWhile(l -> !l.contains(both)).count() + 1;
    assertThat(c.errors().stream().filter(d -> d.getLineNumber() == line).count()).isEqualTo(2);
    assertThat(c.errors()).hasSize(4);
  }

  @Test
  void everyProblemOfAMethodAndOfItsClassIsReportedAtOnce() {
    // The fence takes the class (recursion, hand-written gradients) and each method's declaration
    // with its body: before, the step stopped the method and a private one hid the rest.
    JavaFileObject whole = source("""
        package bad;

        import dev.flatgrad.annotations.CheckInputs;
        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.Differentiable;

        class Whole {
          @Differentiable(wrt = "y")
          @CheckInputs(step = 2.0)
          private static <T> double shape(double x, float f) {
            double s = x * 2.5f;
            Math.abs(x);
            return s;
          }

          @Differentiable
          static double loop(double x) {
            return x > 0 ? loop(x - 1) : x;
          }

          @CustomGradient(of = "nothing")
          static double dNothing(double x, double out, double dout) {
            return dout;
          }
        }
        """);
    Compilation c = compile(whole);
    String declaration = "private static <T> double shape(double x, float f) {";
    assertThat(c).hadErrorContaining("is generic").inFile(whole).onLineContaining(declaration);
    assertThat(c).hadErrorContaining("float is not supported").inFile(whole).onLineContaining(declaration);
    assertThat(c).hadErrorContaining("wrt names \"y\"").inFile(whole).onLineContaining("wrt = \"y\"");
    assertThat(c).hadErrorContaining("the step must be a number").inFile(whole).onLineContaining("step = 2.0");
    assertThat(c).hadErrorContaining("float literal 2.5f").inFile(whole).onLineContaining("2.5f");
    assertThat(c).hadErrorContaining("a call whose result is not used").inFile(whole).onLineContaining("Math.abs(x);");
    assertThat(c).hadErrorContaining("`loop` calls itself").inFile(whole).onLineContaining("loop(x - 1)");
    assertThat(c).hadErrorContaining("there is no method nothing").inFile(whole).onLineContaining("dNothing(");
    assertThat(c.errors()).hasSize(8);
  }

  @Test
  void writesThroughAnAliasAreErrors() {
    JavaFileObject alias = source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Alias {
          @Differentiable
          static double localAlias(double[] x) {
            double[] y = new double[2];
            double[] z = y;
            z[0] = x[0] * x[0];
            return y[0] * x[0];
          }

          @Differentiable
          static double parameterRowAlias(double[][] m) {
            double[] row = m[0];
            row[0] = row[0] * 3.0;
            return m[0][0] * m[0][1];
          }
        }
        """);
    Compilation c = compile(alias);
    assertThat(c).hadErrorContaining("[FlatgradAliasing]").inFile(alias).onLineContaining("z[0] = x[0] * x[0];");
    assertThat(c).hadErrorContaining("shares its array with `y`").inFile(alias)
        .onLineContaining("z[0] = x[0] * x[0];");
    assertThat(c).hadErrorContaining("[FlatgradParameterWrite]").inFile(alias)
        .onLineContaining("row[0] = row[0] * 3.0;");
    assertThat(c).hadErrorContaining("copy it first").inFile(alias).onLineContaining("row[0] = row[0] * 3.0;");
    assertThat(c.errors()).hasSize(2);
  }

  @Test
  void messagesSayWhatToWriteInstead() {
    assertThat(compilation).hadErrorContaining("write the computation inline").inFile(SOURCE)
        .onLineContaining("v -> v * v");
    assertThat(compilation).hadErrorContaining("call the method directly").inFile(SOURCE)
        .onLineContaining("Math::exp");
    assertThat(compilation).hadErrorContaining("write a for loop").inFile(SOURCE)
        .onLineContaining("Arrays.stream(x)");
    assertThat(compilation).hadErrorContaining("pass them in as a parameter").inFile(SOURCE)
        .onLineContaining("Math.random()");
    assertThat(compilation).hadErrorContaining("move logging and messages to its caller").inFile(SOURCE)
        .onLineContaining("String label");
  }

  @Test
  void aRejectedDeclarationIsReportedOnceNotAtEachUse() {
    // float, String and lambda locals, a float and a varargs parameter: their uses say nothing more
    assertThat(compilation.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList())
        .containsNoneOf("[FlatgradUnknownName] cannot resolve `f`: flatgrad reads parameters, locals and static fields",
            "[FlatgradUnknownName] cannot resolve `label`: flatgrad reads parameters, locals and static fields",
            "[FlatgradUnknownName] cannot resolve `y`: flatgrad reads parameters, locals and static fields",
            "[FlatgradUnknownName] cannot resolve `v`: flatgrad reads parameters, locals and static fields");
  }

  @Test
  void wrtThatNamesNothingOrOneParameterTwiceIsAnError() {
    JavaFileObject wrt = source("""
        package errs;

        import dev.flatgrad.annotations.Differentiable;

        class Wrt {
          @Differentiable(wrt = {})
          static double none(double x) {
            return x * x;
          }

          @Differentiable(wrt = {"x", "x"})
          static double twice(double x, double y) {
            return x * y;
          }
        }
        """);
    Compilation c = compile(wrt);
    assertThat(c).hadErrorContaining("wrt = {} names no parameter").inFile(wrt).onLineContaining("wrt = {}");
    assertThat(c).hadErrorContaining("wrt names \"x\" twice").inFile(wrt).onLineContaining("{\"x\", \"x\"}");
    assertThat(c.errors()).hasSize(2);
  }

  // ---- helpers ----

  private static long lineOf(String text) {
    String[] lines = sourceText(SOURCE).split("\n", -1);
    long found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        assertWithMessage("line text %s is not unique", text).that(found).isEqualTo(-1L);
        found = i + 1;
      }
    }
    assertWithMessage("no line contains %s", text).that(found).isNotEqualTo(-1L);
    return found;
  }

  /** The method of SOURCE that contains {@code text}, from its annotation to its closing brace. */
  private static String methodAround(String text) {
    String src = sourceText(SOURCE);
    int at = src.indexOf(text);
    int start = src.lastIndexOf("  @Differentiable", at);
    int end = src.indexOf("\n  }\n", at) + "\n  }\n".length();
    return src.substring(start, end);
  }

  private static String sourceText(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
