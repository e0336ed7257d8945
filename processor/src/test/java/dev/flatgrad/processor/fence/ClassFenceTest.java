package dev.flatgrad.processor.fence;

import static com.google.common.truth.Truth.assertThat;

import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class fence on its own: a class's entries, and everything wrong among them at once, the
 * annotations' problems apart from recursion (which alone stops the class's generation).
 */
class ClassFenceTest {

  private static ClassFence fence(String source) {
    TypeDeclaration<?> type = StaticJavaParser.parse(source).getType(0);
    return ClassFence.of(type);
  }

  private static List<String> tags(List<Problem> problems) {
    return problems.stream().map(p -> p.pos().line() + " " + p.tag()).toList();
  }

  @Test
  void everyProblemOfTheClassIsFoundAtOnce() {
    ClassFence fence = fence("""
        class C {
          @Differentiable(tangent = true)
          static double m(double x) { return ping(x); }

          @Differentiable
          static double mTangent(double x) { return x; }

          @Differentiable
          static double ping(double x) { return pong(x); }

          @Differentiable
          static double pong(double x) { return ping(x); }

          @CustomGradient(of = "none")
          static double dNone(double x, double out, double dout) { return dout; }

          @CustomTangent(of = "m")
          static double mDot(double x, double xDot, double out) { return xDot; }
        }
        """);
    assertThat(fence.entries().stream().map(GradientMethods.Entry::recordName).toList())
        .containsExactly("M", "MTangent", "Ping", "Pong").inOrder();
    assertThat(tags(fence.problems())).containsExactly(
        "15 " + Tag.CUSTOM_GRADIENT, "18 " + Tag.CUSTOM_TANGENT, "3 " + Tag.MODE).inOrder();
    assertThat(tags(fence.recursion())).containsExactly("9 " + Tag.RECURSION, "12 " + Tag.RECURSION).inOrder();
  }

  @Test
  void aClassWithoutGradientsHasNoEntriesAndNoProblems() {
    ClassFence fence = fence("""
        class Plain {
          static double f(double x) { return f(x); }
        }
        """);
    assertThat(fence.entries()).isEmpty();
    assertThat(fence.problems()).isEmpty();
    assertThat(fence.recursion()).isEmpty();
  }
}
