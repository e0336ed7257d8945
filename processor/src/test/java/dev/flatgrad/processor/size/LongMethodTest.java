package dev.flatgrad.processor.size;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.flatgrad.processor.testing.Flatgrad.compileOk;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.load;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.testing.Flatgrad.Loaded;
import dev.flatgrad.runtime.GradCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any method javac compiles gets a gradient that compiles: a generated gradient too large for one
 * JVM method is cut into methods that each fit, small enough for HotSpot to compile (8000 bytes of
 * bytecode), with what they pass each other in a state object the result record never shows.
 * {@code -Dflatgrad.longMethod.statements=N} sets the length of the long method (3000: javac's own
 * limit for the user's method of these statements is near 3500).
 */
class LongMethodTest {

  private static final int STATEMENTS = Integer.getInteger("flatgrad.longMethod.statements", 3000);
  private static final double[] X = {0.3, -0.5, 0.8, 0.1, -0.2, 0.6, -0.9, 0.4};

  @Test
  void aLongStraightLineMethodGetsAGradientThatCompilesAndIsRight(@TempDir Path dir) {
    Compilation c = compileOk(source(LongMethods.source("Long", STATEMENTS)));
    String code = generated(c, "big.LongGrad");
    assertThat(code).contains("private static void fForward2(FState state");
    assertThat(code).contains("private static void fBackward2(FState state");
    assertThat(code).contains("public record F(double value, double[] dx, double da, double db)");
    Map<String, Integer> sizes = bytecodeSizes(c, "big.LongGrad", dir);
    sizes.forEach((method, size) -> assertWithMessage("%s: %s bytes of bytecode", method, size)
        .that(size).isLessThan(8000));
    Loaded l = load(c);
    ((GradCheck.Report) l.call("big.LongGrad", "checkF", X, 0.7, 0.35)).assertPassed();
  }

  /**
   * The tangent and H·v methods of a long method are cut the same way (1,000 statements: their
   * code is two and five times the method's, well over the limit).
   */
  @Test
  void theTangentAndHvpOfALongMethodAreCutIntoPartsToo(@TempDir Path dir) {
    Compilation c = compileOk(source(LongMethods.source("LongHvp", 1000, "@Differentiable(hessian = true)")));
    String code = generated(c, "big.LongHvpGrad");
    assertThat(code).contains("private static void fTangentForward2(FTangentState state");
    assertThat(code).contains("private static void fHvpForward2(FHvpState state");
    assertThat(code).contains("private static void fHvpBackward2(FHvpState state");
    assertThat(code).contains("public record FHvp(double value, double valueDot, double[] dx, double da, double db,");
    bytecodeSizes(c, "big.LongHvpGrad", dir).forEach((method, size) ->
        assertWithMessage("%s: %s bytes of bytecode", method, size).that(size).isLessThan(8000));
    Loaded l = load(c);
    double[] along = {0.5, -0.25, 1.0, 0.75, -1.0, 0.3, 0.2, -0.6};
    ((GradCheck.Report) l.call("big.LongHvpGrad", "checkFTangent", X, 0.7, 0.35, along, 0.4, -0.3)).assertPassed();
    ((GradCheck.Report) l.call("big.LongHvpGrad", "checkFHvp", X, 0.7, 0.35, along, 0.4, -0.3)).assertPassed();
  }

  @Test
  void aLargeLoopBodyAndALargeBranchMoveIntoMethodsOfTheirOwn(@TempDir Path dir) {
    String body = LongMethods.straightLine(300, "      ").replace("int i = 0; i < 3; i++", "int j = 0; j < 3; j++")
        .replace("x[i]", "x[j]");
    Compilation c = compileOk(source("""
        package big;

        import dev.flatgrad.annotations.Differentiable;

        class Blocks {
          @Differentiable
          static double f(double[] x, double a, double b) {
            double total = 0.0;
            for (int step = 0; step < 3; step++) {
        %s
              total += r0 * r1 + r2;
            }
            if (total > 0) {
        %s
              total = total * r3 + r4;
            }
            return total;
          }
        }
        """.formatted(body, body)));
    String code = generated(c, "big.BlocksGrad");
    assertThat(code).contains("private static void fBlock1(FState state");
    bytecodeSizes(c, "big.BlocksGrad", dir).forEach((method, size) ->
        assertWithMessage("%s: %s bytes of bytecode", method, size).that(size).isLessThan(8000));
    Loaded l = load(c);
    ((GradCheck.Report) l.call("big.BlocksGrad", "checkF", X, 0.7, 0.35)).assertPassed();
    ((GradCheck.Report) l.call("big.BlocksGrad", "checkF", X, -0.6, 0.2)).assertPassed();
  }

  /** The bytecode size of each method of a compiled class, as javap shows it. */
  static Map<String, Integer> bytecodeSizes(Compilation c, String className, Path dir) {
    String file = className.replace('.', '/') + ".class";
    JavaFileObject compiled = c.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT, file).orElseThrow();
    Path classFile = dir.resolve(file);
    try (InputStream in = compiled.openInputStream()) {
      Files.createDirectories(classFile.getParent());
      Files.write(classFile, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringWriter out = new StringWriter();
    ToolProvider.findFirst("javap").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p", classFile.toString());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    String method = null;
    Matcher m = Pattern.compile("(?m)^  (\\S.*\\(.*\\).*);$|^\\s+(\\d+): \\w").matcher(out.toString());
    while (m.find()) {
      if (m.group(1) != null) {
        method = m.group(1);
      } else if (method != null) {
        sizes.put(method, Integer.parseInt(m.group(2)) + 1);
      }
    }
    assertThat(sizes).isNotEmpty();
    return sizes;
  }
}
