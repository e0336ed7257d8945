package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.numeric.GradAsserts.result;
import static dev.flatgrad.processor.testing.Flatgrad.assertGolden;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every name in generated code is a legal identifier whatever the user's names: adjoints and
 * record components that would be keywords ({@code do}, {@code double}, {@code default}) get an
 * underscore, restricted identifiers ({@code var}, {@code record}, {@code yield}) stay as written,
 * and user names that collide with generated ones (an adjoint, a stack, the result, a class the
 * generated code names) are told apart.
 */
class NamesTest {

  @Test
  void namesThatBecomeKeywordsWithAD() {
    Compilation c = compileOk(source("""
        package names;

        import dev.flatgrad.annotations.Differentiable;

        class Keywords {
          @Differentiable
          static double keywords(double o, double ouble, double efault, double o_) {
            double nt = o * ouble;
            double f = nt * efault + o_;
            return f * o;
          }

          @Differentiable
          static double restricted(double record, double var, double[] yield) {
            double permits = record * var;
            double sealed = 1;
            for (int i = 0; i < yield.length; i++) {
              sealed = sealed * Math.sin(yield[i] * permits);
            }
            return sealed + permits;
          }
        }
        """));
    assertGolden(c, "names.KeywordsGrad", "NamesTest/namesThatBecomeKeywordsWithAD/KeywordsGrad.java");
    Loaded l = load(c);
    Object g = result(l, "names.KeywordsGrad", "keywords", 2.0, 3.0, 5.0, 7.0);
    assertThat(components(g)).asList().containsExactly("value", "do__", "double_", "default_", "do_").inOrder();
    assertGradient(l, "names.KeywordsGrad", "keywords", 0.3, -0.7, 1.1, 0.2);
    assertGradient(l, "names.KeywordsGrad", "restricted", 0.3, -0.7, new double[] {0.5, -1.0, 0.25});
  }

  @Test
  void userNamesThatCollideWithGeneratedOnes() {
    Compilation c = compileOk(source("""
        package names;

        import dev.flatgrad.annotations.Differentiable;

        class Clash {
          /** A method whose record is named GradCheck, with locals named as generated code's. */
          @Differentiable
          static double gradCheck(double value, double x, double[] dout) {
            double dx = value * x;
            double iStack = dx * x;
            double GradCheck = iStack * 2;
            double DoubleStack = GradCheck;
            double Clash = DoubleStack + dout.length;
            double grad = 0;
            for (int i = 0; i < 3; i++) {
              grad = grad * Clash + x;
            }
            return grad;
          }

          @Differentiable
          static double[] dout(double[] dout, double xParam) {
            double[] trips = dout.clone();
            for (int i = 0; i < trips.length; i++) {
              trips[i] *= xParam;
            }
            return trips;
          }
        }
        """));
    assertGolden(c, "names.ClashGrad", "NamesTest/userNamesThatCollideWithGeneratedOnes/ClashGrad.java");
    Loaded l = load(c);
    assertGradient(l, "names.ClashGrad", "gradCheck", 0.3, -0.7, new double[] {1, 2});
    assertGradient(l, "names.ClashGrad", "dout", new double[] {0.5, -1.0}, 0.7, new double[] {2, 3});
  }

  /** Each stack is named after the value it keeps, whatever order the stacks were made in. */
  @Test
  void aStackIsNamedAfterTheValueItKeeps() {
    Compilation c = compileOk(source("""
        package names;

        import dev.flatgrad.annotations.Differentiable;

        class Steps {
          @Differentiable
          static double newton(double a, double x0) {
            double x = x0;
            for (int k = 0; k < 8; k++) {
              x = x - (x * x * x - a) / (3 * x * x);
            }
            return x;
          }

          @Differentiable
          static double midpoints(double k, double x0, double h) {
            double x = x0;
            for (int s = 0; s < 10; s++) {
              double mid = Math.sin(x + 0.5 * h * Math.sin(x)) * k;
              x = x + h * mid + 0.01 * (x + h) * (x - h);
            }
            return x;
          }
        }
        """));
    String code = generated(c, "names.StepsGrad");
    for (String value : new String[] {"prod", "prod2", "quot", "sum", "sum2", "diff"}) {
      if (code.contains("Stack.push(" + value + ")")) {
        assertThat(code).contains(value + "Stack.push(" + value + ");");
      }
      if (code.contains("Top] = " + value + ";")) { // a counting loop's tape (CountedTapes)
        assertThat(code).contains(value + "Tape[" + value + "Top] = " + value + ";");
      }
    }
    assertThat(code).contains("prod2Tape[prod2Top] = prod2;");
    assertThat(code).doesNotContainMatch("[a-z](Stack|Tape|Top)[0-9]");
    Loaded l = load(c);
    assertGradient(l, "names.StepsGrad", "newton", 5.0, 1.3);
    assertGradient(l, "names.StepsGrad", "midpoints", 0.7, 0.2, 0.05);
  }

  private static String[] components(Object record) {
    return Arrays.stream(record.getClass().getRecordComponents()).map(RecordComponent::getName)
        .toArray(String[]::new);
  }
}
