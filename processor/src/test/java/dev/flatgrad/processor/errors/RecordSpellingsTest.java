package dev.flatgrad.processor.errors;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Errors on records and helper objects as users write them name what the user wrote on the
 * error's line ({@code b.w()}, {@code b.w}, {@code net.first().w()}, a record method's own {@code
 * w}, a helper's parameter {@code q}), never the locals flatgrad splits records into ({@code bW})
 * or gives the bodies it writes in place ({@code q2}); and each says what to write instead.
 */
class RecordSpellingsTest {

  private static final JavaFileObject SOURCE = source("""
      package bad;

      import dev.flatgrad.annotations.Differentiable;

      class Bad {
        record Box(double[] w, double b, int n) {
          double poke(double s) {
            double[] mine = w;
            mine[0] = s;
            return w[0] * b;
          }
        }

        record Net(Box first, double scale) {}

        record Particle(double x, double f) {}

        static double help(Box q, double s) {
          q.w()[1] = s;
          return q.w()[1] * q.b();
        }

        @Differentiable
        static double increment(double[] x, double s) {
          Box b = new Box(x.clone(), s, 1);
          double t = b.w()[0] * b.b();
          return t + b.w()[b.n()]--;
        }

        @Differentiable
        static double fieldSpelling(double[] x, double s) {
          Box b = new Box(x.clone(), s, 1);
          return s * b.w[0]++;
        }

        @Differentiable
        static double nested(double[] x, double s) {
          Net net = new Net(new Box(x.clone(), s, 0), 2.0);
          return net.scale() * ++net.first().w()[net.first().n()];
        }

        @Differentiable
        static double recordMethodOnALocal(double[] x, double s) {
          Box b = new Box(x, s, 1);
          double mine = s * s;
          return b.poke(mine);
        }

        @Differentiable
        static double helperGivenARecordParameter(Box p, double s) {
          return help(p, s);
        }

        @Differentiable
        static double nulledAgain(double[] x, double s) {
          Particle best = new Particle(x[0], (x[0] - s) * (x[0] - s));
          for (int i = 1; i < x.length; i++) {
            double f = (x[i] - s) * (x[i] - s);
            if (f < best.f()) {
              best = new Particle(x[i], f);
            }
            if (f > 1e6) {
              best = null;
            }
          }
          return best.x();
        }
      }
      """);

  private static final Compilation COMPILED = compile(SOURCE);

  @Test
  void anIncrementOfAComponentNamesTheComponentsAsWritten() {
    assertError("return t + b.w()[b.n()]--;", "`b.w()[b.n()]--` changes a variable inside an expression");
  }

  @Test
  void aComponentReadAsAFieldIsNamedAsAField() {
    assertError("return s * b.w[0]++;", "`b.w[0]++` changes a variable inside an expression");
  }

  @Test
  void aNestedRecordsComponentIsNamedThroughItsPath() {
    assertError("return net.scale() * ++net.first().w()[net.first().n()];",
        "`++net.first().w()[net.first().n()]` changes a variable inside an expression");
  }

  @Test
  void aRecordMethodsLineNamesItsOwnLocalsAndComponents() {
    assertError("mine[0] = s;", "writing into the array of parameter `x` (through `mine`)",
        "(in recordMethodOnALocal, where `b.poke(mine)` on line 46 calls it)");
  }

  @Test
  void aHelpersLineNamesItsOwnParameter() {
    assertError("q.w()[1] = s;", "writing into `q.w()`: only local arrays can be written; copy it into a local first",
        "(in helperGivenARecordParameter, where `help(p, s)` on line 51 calls it)");
  }

  @Test
  void aRecordLocalSetToNullAgainSaysWhatToWrite() {
    assertError("best = null;", "`best = null` is not supported: a record local must always hold a record",
        "boolean flag");
  }

  @Test
  void noMessageNamesALocalOnlyFlatgradMade() throws Exception {
    for (Diagnostic<? extends JavaFileObject> d : COMPILED.errors()) {
      String message = d.getMessage(Locale.ROOT);
      assertWithMessage("line %s: %s", d.getLineNumber(), message)
          .that(message).doesNotContainMatch("\\b(bW|bN|netFirst\\w*|q2|mine\\d)\\b");
      if (d.getLineNumber() == lineOf("q.w()[1] = s;")) {
        assertWithMessage("the helper's line: %s", message).that(message).doesNotContain("p.w()");
      }
    }
  }

  private static long lineOf(String text) throws java.io.IOException {
    String code = SOURCE.getCharContent(true).toString();
    return code.substring(0, code.indexOf(text)).lines().count();
  }

  private static void assertError(String line, String... words) {
    for (String word : words) {
      assertThat(COMPILED).hadErrorContaining(word).inFile(SOURCE).onLineContaining(line);
    }
  }
}
