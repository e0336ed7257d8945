package dev.flatgrad.processor.fence;

import static com.google.common.truth.Truth.assertThat;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.body.MethodDeclaration;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fence on its own: what it rejects in a method body, and what it leaves to lowering. */
class FenceTest {

  /** The fence's problems with a method, its switches rewritten first as the engine does. */
  private static List<Problem> fence(String method) {
    MethodDeclaration m = StaticJavaParser.parseBodyDeclaration(method).asMethodDeclaration();
    Switches.rewrite(m);
    return Fence.of(m).problems();
  }

  private static List<String> lines(List<Problem> problems) {
    return problems.stream().map(p -> p.pos().line() + ": " + p.getMessage()).toList();
  }

  @Test
  void theSupportedLanguagePasses() {
    assertThat(fence("""
        double f(double x, double[] a, int n) {
          @SuppressWarnings("unused") double unused = 1.0;
          double[] w = {1.0, 2.0};
          double[] v = new double[] {x, -x};
          double s = this.scale * Math.sin(x);
          for (int i = 0; i < n; i++) {
            if (a[i] > 0) {
              continue;
            }
            s += (double) i * a[i] > 0 ? a[i] : -a[i];
          }
          for (double e : a) {
            s -= e;
          }
          int k = 0;
          while (k < n) {
            k++;
            if (k == 3) {
              break;
            }
          }
          do {
            s = s * 0.5;
          } while (s > 1.0);
          ;
          return s + w[0] + v[1];
        }
        """)).isEmpty();
  }

  @Test
  void everyUnsupportedConstructIsReportedOnItsLine() {
    List<Problem> problems = fence("""
        double f(double x, double[] a, int k) {
          double s = (a[0] = x) * (k = 2);
          switch (k) {
            case 0: s = -s;
            default: s = "no".length();
          }
          java.util.function.DoubleUnaryOperator g = v -> {
            String t = "inside the lambda";
            return v;
          };
          try {
            s = s / x;
          } finally {
            s = 0.0;
          }
          return s + (a == null ? 0.0 : 1.0);
        }
        """);
    assertThat(problems.stream().map(Problem::tag).distinct().toList()).containsExactly(Tag.UNSUPPORTED);
    assertThat(lines(problems)).containsExactly(
        "2: an assignment inside an expression is not supported: write it as its own statement",
        "2: an assignment inside an expression is not supported: write it as its own statement",
        "3: case 0 falls through into the next case, which is not supported: end it with break (or return)",
        "7: lambdas are not supported in a @Differentiable method other than as a stream's functions: write"
            + " the computation inline or as a static method of the class (static double f(double v) {...}),"
            + " which flatgrad differentiates as a helper",
        "11: try/catch is not supported in a @Differentiable method: handle errors in the caller",
        "16: `a == null` is not supported: nothing is null in a @Differentiable method; check a parameter in the"
            + " caller, and for a local keep a boolean flag that says whether it holds a value yet").inOrder();
  }

  @Test
  void constructsSupportedOnlyInSomePlacesAreTheFencesToo() {
    List<Problem> problems = fence("""
        double f(double x, double[] a, int k) {
          double s = x * 2.5f;
          s += a[k++];
          Math.abs(x);
          double t = this == null ? 0.0 : super.hashCode();
          s += java.util.List.<Double>of().size();
          if (s > 0) {
            break;
          }
          if (s < 0) {
            return;
          }
          return s;
        }
        """);
    assertThat(lines(problems)).containsExactly(
        "2: float literal 2.5f is not supported: flatgrad computes in double; write 2.5",
        "3: `k++` changes a variable inside an expression: write the increment as its own statement",
        "4: a call whose result is not used (`Math.abs(x)`): a @Differentiable method must be a pure function,"
            + " computing its result from its parameters; remove the call (print or log in the caller), or, for a"
            + " helper that fills an array it is given, declare `abs` in this file (flatgrad writes such a helper of"
            + " the file where it is called) or make it return the array (double[] out = new double[n]; ...; return"
            + " out;) and assign the call's result",
        "5: `this` is not supported here: read fields by name",
        "5: `this == null` is not supported: nothing is null in a @Differentiable method; check a parameter in the"
            + " caller, and for a local keep a boolean flag that says whether it holds a value yet",
        "5: `super` is not supported here: read fields by name",
        "6: a call with explicit type arguments",
        "8: break outside a loop (in a switch?) is not supported",
        "11: return without a value").inOrder();
    assertThat(problems.get(0).tag()).isEqualTo(Tag.FLOAT);
  }

  @Test
  void theDeclarationIsFencedWithTheBody() {
    // Before the fence took the declaration, lowering stopped at the first of these.
    List<Problem> problems = fence("""
        @Differentiable(wrt = {"x", "n", "x"}, hessian = yes)
        @CheckInputs(step = 2.0)
        private <T> double f(double x, float g, int n, double... rest) {
          return x + Double.class.hashCode();
        }
        """);
    assertThat(problems.stream().map(p -> p.pos().line() + " " + p.tag()).toList()).containsExactly(
        "3 FlatgradMethodShape", "3 FlatgradFloat", "3 FlatgradMethodShape",
        "1 FlatgradMode", "1 FlatgradWrt", "1 FlatgradWrt", "2 FlatgradCheckInputs", "4 FlatgradUnsupported").inOrder();
    assertThat(lines(problems)).contains("1: wrt names \"n\", which is not a differentiable parameter of f:"
        + " choose from x");
  }

  @Test
  void theTypesTheBodyDeclaresAreTheFencesToo() {
    List<Problem> problems = fence("""
        double f(double x, double[] a) {
          float g = 1;
          Integer h = 1;
          double s = (Object[]) null == a ? 0.0 : 1.0;
          short l = 2;
          for (Double e : a) {
            s += e;
          }
          return s;
        }
        """);
    assertThat(problems.stream().map(p -> p.pos().line() + " " + p.tag()).toList()).containsExactly(
        "2 FlatgradFloat", "3 FlatgradType", "4 FlatgradType", "4 FlatgradUnsupported", "5 FlatgradType",
        "6 FlatgradType").inOrder();
    assertThat(lines(problems).get(1)).isEqualTo("3: type Integer is not supported: use the primitive type instead of Integer");
    assertThat(lines(problems).get(4)).isEqualTo("5: type short is not supported: use double, int, long, char or boolean");
  }

  @Test
  void loweringIsToldWhatTheFenceReported() {
    MethodDeclaration m = StaticJavaParser.parseBodyDeclaration("""
        double f(double x) {
          double[] s = null;
          return x;
        }
        """).asMethodDeclaration();
    Fence fence = Fence.of(m);
    var literal = m.findFirst(com.github.javaparser.ast.expr.NullLiteralExpr.class).orElseThrow();
    var ret = m.findFirst(com.github.javaparser.ast.stmt.ReturnStmt.class).orElseThrow();
    assertThat(fence.problem(literal).isFollowOn()).isTrue();
    assertThat(fence.problem(ret).isFollowOn()).isFalse();
    assertThat(Fence.NONE.problem(literal).getMessage()).contains("null is not supported");
  }
}
