package dev.flatgrad.processor.language;

import static dev.flatgrad.processor.numeric.GradAsserts.assertGradient;
import static dev.flatgrad.processor.testing.Flatgrad.assertErrorsOn;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;
import static dev.flatgrad.processor.testing.Flatgrad.withSecondOrder;

import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Switches on an int, in both forms, as statements and as expressions, anywhere a statement or
 * an expression may stand: each method's gradient, tangent and H·v are checked against centred
 * differences and its value against the method's own, at selectors that take every case and
 * the default.
 */
class SwitchTest {

  private static final String SWITCHES = """
      package sw;

      import dev.flatgrad.annotations.Differentiable;

      class Switches {
        static final int LINEAR = 0;
        static final int SQUARE = 1;

        /** Arrows, two labels on one case, a named constant, a default. */
        @Differentiable
        static double arrows(double x, double y, int k) {
          double r = 0.0;
          switch (k) {
            case LINEAR -> r = x * y;
            case SQUARE, 2 -> {
              double t = x * x;
              r = t * y;
            }
            default -> r = Math.sin(x) + y;
          }
          return r;
        }

        /** Colons: breaks, a return in a case, a loop left by return, empty cases sharing code, the default in the middle, none taken. */
        @Differentiable
        static double colons(double x, double y, int k) {
          double r = x;
          switch (k) {
            case 0:
              r = r * y;
              break;
            case 1:
            case 2:
              r = r + Math.exp(y);
              break;
            default:
              r = r * r;
              break;
            case 3:
              return Math.tanh(x * y);
            case 5:
              while (true) { // a case only a return leaves does not fall through
                r = r * 0.5;
                if (Math.abs(r) < 0.1) {
                  return r * y;
                }
              }
            case 4:
              if (x > 10.0) {
                r = 0.0;
              } else {
                r = r * 3.0;
              }
          }
          return r + y;
        }

        /** In a loop: the selector computed once into a local, continue and break in cases, a switch in a case. */
        @Differentiable
        static double inLoop(double[] w, int mode) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            switch (i % 3) {
              case 0:
                s += w[i] * w[i];
                break;
              case 1:
                if (w[i] < -5.0) {
                  continue;
                }
                switch (mode) {
                  case 0 -> s += Math.cos(w[i]);
                  default -> s -= w[i] * s;
                }
                break;
              default:
                s = s * 0.5 + w[i];
            }
            s += 0.25 * w[i];
          }
          int n = 0;
          while (n < 3) {
            switch (n) {
              case 1:
                s = s * s * 0.1;
                break; // leaves the switch, not the loop
              default:
                s += 1.0;
            }
            n++;
          }
          return s;
        }

        /** Switch expressions: a declaration with a block arm, a compound assignment, a return, inside an expression. */
        @Differentiable
        static double expressions(double x, double[] v, int k) {
          double a = switch (k) {
            case 0 -> x * x;
            case 1 -> {
              double t = Math.exp(x);
              if (t > 100.0) {
                yield 100.0 + v[0];
              } else {
                yield t * v[0];
              }
            }
            default -> v[1] - x;
          };
          a += switch (k + 1) {
            case 1, 3: yield Math.sqrt(1.0 + x * x);
            default: yield v[0] * v[1];
          };
          double b = x * switch (k) {
            case 0 -> v[1];
            case 2 -> 2.0;
            default -> Math.cos(x);
          };
          return switch (k % 2) {
            case 0 -> a * b;
            default -> {
              double c = a - b;
              yield c * c;
            }
          };
        }
      }
      """;

  @Test
  void switchesAreDifferentiatedInEveryFormAndEveryCase() {
    Loaded l = load(compileOk(source(withSecondOrder(SWITCHES))));
    double[] w = {0.3, -0.7, 1.1, 0.4, -0.2, 0.9, 0.6};
    for (int k = -1; k <= 5; k++) {
      assertGradient(l, "sw.SwitchesGrad", "arrows", 0.7, -1.3, k);
      assertGradient(l, "sw.SwitchesGrad", "colons", 0.7, -1.3, k);
      assertGradient(l, "sw.SwitchesGrad", "expressions", 0.45, new double[] {1.2, -0.8}, k);
      assertGradient(l, "sw.SwitchesGrad", "expressions", 5.1, new double[] {1.2, -0.8}, k);
    }
    assertGradient(l, "sw.SwitchesGrad", "inLoop", w, 0);
    assertGradient(l, "sw.SwitchesGrad", "inLoop", w, 1);
    assertGradient(l, "sw.SwitchesGrad", "inLoop", new double[] {0.2, -6.0, 0.5, 0.1, -6.5}, 1);
  }

  private static JavaFileObject unsupported(String body) {
    return source("""
        package bad;

        import dev.flatgrad.annotations.Differentiable;

        class Bad {
          @Differentiable
          static double f(double x, int k) {
        %s
          }
        }
        """.formatted(body));
  }

  private static void assertError(String body, String line, String... words) {
    assertErrorsOn(unsupported(body), line, words);
  }

  @Test
  void switchesThatDoNotBecomeAnIfElseChainSayWhatToWriteOnTheirLine() {
    assertError("""
            double r = x;
            switch (k) {
              case 0:
                r = r * 2.0;
              case 1:
                r = r + 1.0;
                break;
            }
            return r;
        """, "switch (k)", "case 0 falls through into the next case", "end it with break");
    assertError("""
            double r = x;
            switch (k) {
              case 0:
                if (x > 1.0) {
                  break;
                }
                r = r * 2.0;
                break;
              default:
                r = -r;
            }
            return r;
        """, "switch (k)", "a break before the end of a case", "use if/else");
    assertError("""
            var r = switch (k) {
              case 0 -> x;
              default -> -x;
            };
            return r;
        """, "var r = switch", "write the variable's type");
    assertError("""
            double r = switch (k) {
              case 0 -> {
                if (x > 1.0) {
                  yield x;
                }
                double t = x * 2.0;
                yield t;
              }
              default -> -x;
            };
            return r;
        """, "double r = switch", "the yield on line 11 comes before the end of its arm", "if (c) { yield a; } else");
    assertError("""
            return x * switch (k % 2) {
              case 0 -> x;
              default -> -x;
            };
        """, "return x * switch", "give it its own statement");
    assertError("""
            double r = x;
            switch (k) {
              case 0:
                r = -r;
              default:
                r = r * 2.0;
            }
            return r;
        """, "switch (k)", "case 0 falls through");
  }

  @Test
  void anErrorInsideARewrittenCaseIsOnTheCasesLine() {
    assertError("""
            double r = switch (k) {
              case 0 -> x;
              default -> Math.nextAfter(x, 1.0);
            };
            return r;
        """, "default -> Math.nextAfter", "`Math.nextAfter`");
    assertError("""
            double r = x;
            switch (k % 3) {
              case 1:
                r = r * 2.0;
                break;
              default:
                r = Math.nextAfter(r, 1.0);
            }
            return r;
        """, "r = Math.nextAfter", "`Math.nextAfter`");
  }
}
