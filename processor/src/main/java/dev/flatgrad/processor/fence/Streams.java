package dev.flatgrad.processor.fence;

import com.github.javaparser.ParseProblemException;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites the stream reductions users write in a {@code @Differentiable} body into the loops they
 * run, on the JavaParser tree before the fence and lowering see them: a source ({@code
 * Arrays.stream(a)}, {@code Arrays.stream(a, from, to)}, {@code DoubleStream.of(...)}, {@code
 * IntStream.range} / {@code rangeClosed}), any {@code map}, {@code filter} and {@code mapToDouble}
 * of a lambda (or a static method's reference, {@code Math::exp}), then {@code sum()}, {@code
 * average()}, {@code max()} or {@code min()} with {@code getAsDouble()}, {@code orElse(c)} or
 * {@code orElseThrow()}, {@code count()} or {@code toArray()}. The loop is computed by statements
 * placed just before the statement holding the stream, the stream replaced by its value.
 *
 * <p>A stream of rows ({@code Arrays.stream(W)} of a {@code double[][]}, {@code Stream.of(a, b)}
 * of {@code double[]}s) is a loop whose element is the row: {@code filter}s of rows, then {@code
 * mapToDouble(row -> ...)}, or {@code flatMapToDouble(Arrays::stream)} (or {@code r ->
 * Arrays.stream(r)} and maps and filters of its own), a loop over the row's elements inside the
 * loop over the rows; the terms it may gather are at most the rows' lengths, summed first by a loop of them.
 *
 * <p>The values are the stream's bit for bit: {@code sum()} and {@code average()} are the JDK's
 * compensated sums, so the loop gathers the terms and calls {@code Nd.streamSum} / {@code
 * Nd.streamAverage}, which run the JDK's own and have gradients; {@code max()} is {@code
 * reduce(Math::max)}, a loop of {@code Math.max} from {@code -Infinity} (which {@code Math.max}
 * of anything is that thing); an empty stream's {@code getAsDouble()} throws Java's {@code
 * NoSuchElementException("No value present")}. A chain outside these forms, or where running it
 * first would change the program, is left for the fence, which reports {@link #whyNot}.
 *
 * <p>The parts: {@link StreamSources} (what a stream is of), {@link StreamChain} (a chain taken
 * apart, its functions {@link StreamStage}s, rows' in {@link RowStreams}, their parameters renamed
 * by {@link StreamParameters}), {@link StreamHolders} (the statement the loop goes before), {@link
 * StreamLoopHead} and {@link StreamLoop} (the loop written).
 */
public final class Streams {

  static final String WHAT_IS_SUPPORTED = "flatgrad rewrites Arrays.stream, DoubleStream.of and"
      + " IntStream.range streams with map, filter and mapToDouble (of rows: mapToDouble or flatMapToDouble),"
      + " ending in sum(), average(), max(), min(), count() or toArray(); write a for loop";

  private Streams() {}

  /** Where a chain cannot be rewritten: the node to report on and why. */
  record Why(Node node, String message) {}

  /**
   * Rewrites every chain of the body it can, innermost (and leftmost) first; again while any is
   * rewritten, as a stream in another's function is in its loop's body once that is rewritten.
   */
  public static void rewrite(MethodDeclaration m) {
    m.getBody().ifPresent(body -> {
      Set<String> taken = SourceRewrites.variableNamesIn(m);
      boolean rewritten = true;
      while (rewritten) {
        rewritten = false;
        List<MethodCallExpr> chains = new ArrayList<>();
        body.walk(Node.TreeTraversal.POSTORDER, n -> {
          if (n instanceof MethodCallExpr c && isChain(c)) {
            chains.add(c);
          }
        });
        for (MethodCallExpr top : chains) {
          try {
            StreamChain chain = StreamChain.parse(top, m, taken);
            Statement holder = StreamHolders.holder(top);
            new StreamLoop(chain, m, taken, holder).rewrite();
            rewritten = true;
          } catch (UnsupportedStream | ParseProblemException e) {
            // left as written: the fence reports whyNot (a function whose text does not parse back, the stream)
          }
        }
      }
    });
  }

  /** The outermost call of a chain that starts at a stream's source: what the fence reports on. */
  public static boolean isChain(MethodCallExpr c) {
    boolean outermost = !c.getParentNode().filter(p -> p instanceof MethodCallExpr up && up.getScope().orElse(null) == c)
        .isPresent();
    return outermost && StreamSources.isSource(bottom(c));
  }

  /** Why the chain ending at {@code top} (one {@link #isChain}) was not rewritten. */
  static Why whyNot(MethodCallExpr top) {
    MethodDeclaration m = top.findAncestor(MethodDeclaration.class).orElseThrow();
    try {
      StreamChain.parse(top, m, SourceRewrites.variableNamesIn(m));
      StreamHolders.holder(top);
      return new Why(top, "this stream is not supported: " + WHAT_IS_SUPPORTED);
    } catch (UnsupportedStream e) {
      return e.why();
    }
  }

  private static MethodCallExpr bottom(MethodCallExpr c) {
    MethodCallExpr at = c;
    while (at.getScope().orElse(null) instanceof MethodCallExpr inner) {
      at = inner;
    }
    return at;
  }
}
