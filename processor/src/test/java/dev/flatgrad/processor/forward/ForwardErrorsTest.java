package dev.flatgrad.processor.forward;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Forward modes a method cannot have are javac errors on the offending line that say what to do:
 * a callee without the generated method the caller's mode calls, a method with a hand-written
 * gradient but no hand-written tangent, a Jacobian of a scalar, a mode attribute that is not a
 * literal, a hand-written tangent of the wrong shape, a record two methods would both generate.
 * Nothing is asked of a callee whose caller asks for no forward mode.
 */
class ForwardErrorsTest {

  private static final JavaFileObject SOURCE = source("""
      package bad;

      import dev.flatgrad.annotations.CustomGradient;
      import dev.flatgrad.annotations.CustomTangent;
      import dev.flatgrad.annotations.Differentiable;

      class Modes {
        static final boolean ON = true;

        @Differentiable
        static double plain(double x) {
          return x * x;
        }

        @Differentiable(tangent = true)
        static double onlyTangent(double x) {
          return Math.sin(x);
        }

        @Differentiable(tangent = true)
        static double callsPlain(double x) {
          return plain(x) + 1.0;
        }

        @Differentiable(hessian = true)
        static double callsOnlyTangent(double x) {
          return onlyTangent(2.0 * x);
        }

        static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @CustomGradient(of = "softplus")
        static double softplusGrad(double x, double out, double dout) {
          return dout / (1.0 + Math.exp(-x));
        }

        @Differentiable(tangent = true)
        static double callsSoftplus(double x) {
          return softplus(x) * 3.0;
        }

        @Differentiable
        static double callsSoftplusForItsGradient(double x) {
          return softplus(x) * 4.0;
        }

        static double cube(double x) {
          return x * x * x;
        }

        @CustomGradient(of = "cube")
        static double cubeGrad(double x, double out, double dout) {
          return 3.0 * x * x * dout;
        }

        @CustomTangent(of = "cube")
        static double cubeTangent(double x, double xDot, double out) {
          return 3.0 * x * x * xDot;
        }

        @Differentiable(hessian = true)
        static double callsCube(double x) {
          return cube(x);
        }

        @CustomTangent(of = "cube")
        static double cubeTangentMissingOut(double x, double xDot) {
          return 3.0 * x * x * xDot;
        }

        @CustomTangent(of = "plain")
        static double plainTangent(double x, double xDot, double out) {
          return 2.0 * x * xDot;
        }

        @Differentiable(jacobian = true)
        static double scalarJacobian(double x) {
          return x * x;
        }

        @Differentiable(tangent = ON)
        static double constantFlag(double x) {
          return x * x;
        }

        @Differentiable(tangent = true)
        static double f(double x) {
          return x;
        }

        @Differentiable
        static double fTangent(double x) {
          return x;
        }
      }
      """);

  private static final Compilation COMPILATION = compile(SOURCE);

  @Test
  void aCalleeWithoutTheCallersModeIsAnErrorOnTheCall() {
    assertThat(COMPILATION).hadErrorContaining("[FlatgradNoTangent] `plain` is called by `callsPlain`, whose tangent is"
        + " generated, but generates no tangent: add tangent = true to the @Differentiable of `plain`")
        .inFile(SOURCE).onLineContaining("return plain(x) + 1.0;");
    assertThat(COMPILATION).hadErrorContaining("`onlyTangent` is called by `callsOnlyTangent`, whose Hessian-vector"
        + " product is generated, but generates no Hessian-vector product: add hessian = true")
        .inFile(SOURCE).onLineContaining("return onlyTangent(2.0 * x);");
  }

  @Test
  void aHandWrittenGradientNeedsAHandWrittenTangentWhereATangentIsAskedFor() {
    assertThat(COMPILATION).hadErrorContaining("`softplus` has a @CustomGradient but no @CustomTangent, and"
        + " `callsSoftplus`, whose tangent is generated, calls it: declare its tangent with @CustomTangent(of ="
        + " \"softplus\")")
        .inFile(SOURCE).onLineContaining("return softplus(x) * 3.0;");
    assertThat(COMPILATION).hadErrorContaining("the Hessian-vector product of `callsCube` differentiates the"
        + " @CustomTangent method `cubeTangent` of `cube`: mark it @Differentiable")
        .inFile(SOURCE).onLineContaining("return cube(x);");
  }

  @Test
  void handWrittenTangentsAreCheckedAgainstTheirForwardMethod() {
    assertThat(COMPILATION).hadErrorContaining("[FlatgradCustomTangent] @CustomTangent for cube must be declared static"
        + " double cubeTangentMissingOut(double x, double xDot, double out)")
        .inFile(SOURCE).onLineContaining("static double cubeTangentMissingOut(");
    assertThat(COMPILATION).hadErrorContaining("@CustomTangent(of = \"plain\") on plainTangent: plain has no"
        + " @CustomGradient")
        .inFile(SOURCE).onLineContaining("static double plainTangent(");
  }

  @Test
  void modeAttributesAreLiteralAndFitTheResult() {
    assertThat(COMPILATION).hadErrorContaining("[FlatgradMode] jacobian = true on `scalarJacobian`, which returns a"
        + " double: its Jacobian is its gradient")
        .inFile(SOURCE).onLineContaining("static double scalarJacobian(");
    assertThat(COMPILATION).hadErrorContaining("tangent takes the literal true or false")
        .inFile(SOURCE).onLineContaining("@Differentiable(tangent = ON)");
  }

  @Test
  void aRecordTwoMethodsWouldGenerateIsAnError() {
    assertThat(COMPILATION).hadErrorContaining("`f` asks for its tangent, whose record FTangent is already the"
        + " gradient record of `fTangent`: rename one of the methods")
        .inFile(SOURCE).onLineContaining("static double f(");
  }

  @Test
  void aCalleeNeedsNothingWhenItsCallerAsksForNoForwardMode() {
    compileOk(source("""
        package fine;

        import dev.flatgrad.annotations.CustomGradient;
        import dev.flatgrad.annotations.Differentiable;

        class Modes {
          static double softplus(double x) {
            return Math.log1p(Math.exp(x));
          }

          @CustomGradient(of = "softplus")
          static double softplusGrad(double x, double out, double dout) {
            return dout / (1.0 + Math.exp(-x));
          }

          @Differentiable
          static double plain(double x) {
            return softplus(x) * x;
          }

          @Differentiable
          static double caller(double x) {
            return plain(x) + 1.0;
          }
        }
        """));
  }
}
