package dev.flatgrad.processor.fuzz;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.flatgrad.processor.base.Diagnostic;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the engine with mutants of valid programs (tokens deleted, swapped, replaced; lines
 * duplicated, dropped; unsupported statements inserted): whatever the input, the engine returns
 * diagnostics or code, never throws, and never reports an internal error.
 */
class EngineFuzzTest {

  private static final List<String> CORPUS = List.of("""
      package fuzz;
      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      class A {
        static final double K = 0.5;
        @Differentiable
        static double f(double x, double y, double[] a, double[][] W, int n) {
          double s = x * y + K;
          for (int i = 0; i < a.length; i++) {
            s += Math.exp(a[i] * x) / (1.0 + a[i] * a[i]);
            if (s > 3.0) {
              s = Math.sqrt(s);
            } else {
              s = s * y - Math.tanh(s);
            }
          }
          double[] h = new double[W.length];
          for (int i = 0; i < W.length; i++) {
            for (int j = 0; j < W[i].length; j++) {
              h[i] += W[i][j] * a[j % a.length];
            }
            h[i] = Math.max(0.0, h[i]);
          }
          int k = 0;
          while (k < n && s < 10) {
            s = s * 1.5 + h[k % h.length];
            k++;
          }
          return s + Nd.sum(Nd.square(h)) * x;
        }
      }
      """, """
      package fuzz;
      import dev.flatgrad.annotations.Differentiable;
      import dev.flatgrad.runtime.Nd;
      class B {
        @Differentiable(wrt = {"W1", "b1"})
        static double g(double[][] X, int[] y, double[][] W1, double[] b1, double reg) {
          double[][] h = Nd.maximum(0.0, Nd.add(Nd.dot(X, W1), b1));
          double[][] p = Nd.logSoftmax(h);
          double loss = -Nd.sum(Nd.pick(p, y)) / X.length;
          return loss + reg * Nd.sum(Nd.multiply(W1, W1));
        }
        @Differentiable
        static double[] layer(double[] v, double w) {
          double[] out = v.clone();
          for (int i = 0; i < out.length; i++) {
            out[i] = w * out[i] > 0 ? out[i] * w : 0.01 * out[i];
          }
          return out;
        }
        @Differentiable
        static double user(double[] v, double w) {
          double t = 0;
          for (double e : layer(v, w)) {
            t += e * e;
          }
          do {
            t = t / 2;
          } while (t > 1);
          return t;
        }
      }
      """);

  private static final List<String> INSERTIONS = List.of(
      "switch (n) { case 1: s = 2; }", "s = switch (n) { case 1 -> 2.0; default -> { double t = s; yield t * s; } };",
      "switch (n % 2) { case 0 -> s = s * s; case 1, 2 -> { s = -s; } default -> s += 1; }",
      "s += x * switch (n) { case 0: yield s; default: yield 2.0; };", "try { s = 1; } catch (Exception e) { }", "throw new RuntimeException();",
      "if (s > 1.0) throw new IllegalStateException(\"s = \" + s + \", \" + (n + 1) + String.format(\"%g\", x));",
      "throw new IllegalArgumentException(x.length);", "throw null;",
      "java.util.Arrays.fill(a, s);", "System.arraycopy(a, 0, a, 1, n);", "a = java.util.Arrays.copyOfRange(a, 1, n);",
      "Runnable r = () -> {};", "String str = \"a\";", "float f = 1f;", "s = foo(s);", "label: for (;;) { break label; }",
      "x++;", "a[0] = 1;", "this.s = 1;", "return;", "break;", "continue;", "int[] q = new int[3]; q[0] = (int) x;",
      "double[][][] t3 = new double[2][2][2];", "s = Math.random();", "s = Nd.argmax(a);", "s = (s = 2);",
      "assert s > 0;", "synchronized (this) { }", "var v = s;", "s += a;", "W = W;", "double w = W;");

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|\\d+\\.?\\d*|[-+*/%<>=!&|]+|[()\\[\\]{};,.?:]");

  @Test
  void mutantsGetDiagnosticsOrCodeNeverACrash() {
    Random r = new Random(Long.getLong("fuzz.seed", 20261123));
    Engine engine = new Engine(Symbols.NONE, Engine.Options.DEFAULT);
    List<String> crashes = new ArrayList<>();
    for (int k = 0; k < Integer.getInteger("fuzz.count", 600); k++) {
      String source = mutate(CORPUS.get(r.nextInt(CORPUS.size())), r);
      try {
        Engine.Result result = engine.differentiate(source, "Fuzz.java");
        for (Diagnostic d : result.diagnostics()) {
          if (d.tag() == Tag.INTERNAL) {
            crashes.add(d + "\n" + source);
          }
        }
      } catch (RuntimeException | StackOverflowError e) {
        crashes.add(e + "\n" + source);
      }
    }
    assertWithMessage("%s internal errors, first:\n%s", crashes.size(), crashes.isEmpty() ? "" : crashes.get(0))
        .that(crashes).isEmpty();
  }

  private static String mutate(String source, Random r) {
    String s = source;
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      List<int[]> tokens = new ArrayList<>();
      Matcher m = TOKEN.matcher(s);
      int bodyStart = s.indexOf("@Differentiable");
      while (m.find()) {
        if (m.start() > bodyStart) {
          tokens.add(new int[] {m.start(), m.end()});
        }
      }
      String[] lines = s.split("\n", -1);
      switch (r.nextInt(6)) {
        case 0 -> {
          int[] t = tokens.get(r.nextInt(tokens.size()));
          s = s.substring(0, t[0]) + s.substring(t[1]);
        }
        case 1 -> {
          int[] a = tokens.get(r.nextInt(tokens.size()));
          int[] b = tokens.get(r.nextInt(tokens.size()));
          s = s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1]);
        }
        case 2 -> {
          int i = 6 + r.nextInt(lines.length - 7);
          List<String> l = new ArrayList<>(List.of(lines));
          l.add(i, lines[i]);
          s = String.join("\n", l);
        }
        case 3 -> {
          int i = 6 + r.nextInt(lines.length - 7);
          List<String> l = new ArrayList<>(List.of(lines));
          l.remove(i);
          s = String.join("\n", l);
        }
        case 4 -> {
          int i = 7 + r.nextInt(lines.length - 8);
          List<String> l = new ArrayList<>(List.of(lines));
          l.add(i, "    " + INSERTIONS.get(r.nextInt(INSERTIONS.size())));
          s = String.join("\n", l);
        }
        default -> {
          int[] t = tokens.get(r.nextInt(tokens.size()));
          String[] replacements = {"x", "y", "s", "a", "W", "h", "i", "0", "1.0", "-", "*", "<", "(", ")", "[", "]", "n"};
          s = s.substring(0, t[0]) + replacements[r.nextInt(replacements.length)] + s.substring(t[1]);
        }
      }
    }
    return s;
  }
}
