package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import java.util.List;
import java.util.Optional;

/** The sources of streams: which calls start one, the type of their elements, and those flatgrad does not take. */
public final class StreamSources {

  private static final List<String> STREAM_CLASSES = List.of("java.util.stream.DoubleStream",
      "java.util.stream.IntStream", "java.util.stream.LongStream", "java.util.stream.Stream");

  private StreamSources() {}

  /** Whether the call starts a stream: {@code Arrays.stream}, or a call on a stream class. */
  static boolean isSource(MethodCallExpr c) {
    String scope = c.getScope().map(Node::toString).orElse("");
    return isArrays(c) && c.getNameAsString().equals("stream")
        || STREAM_CLASSES.stream().anyMatch(q -> Imports.names(c, scope, q));
  }

  /** Whether the call is on java.util.Arrays, as the file names it. */
  static boolean isArrays(MethodCallExpr c) {
    return Imports.names(c, c.getScope().map(Node::toString).orElse(""), "java.util.Arrays");
  }

  /**
   * The type of the source's elements: {@code double}, {@code int} (a range, an int[]) or a row's
   * ({@code double[]}, of an array of them or a {@code Stream.of} rows); an unsupported source throws.
   */
  static String sourceElement(MethodCallExpr source, MethodDeclaration m) {
    String name = source.getNameAsString();
    int args = source.getArguments().size();
    String scope = source.getScope().map(Node::toString).orElse("");
    if (isArrays(source) && (args == 1 || args == 3)) {
      Expression array = source.getArgument(0);
      Optional<String> type = ArgumentTypes.typeOf(array, m);
      if (type.filter(t -> t.matches("(double|int)(\\[])+")).isPresent()) {
        return type.get().substring(0, type.get().length() - 2);
      }
      if (type.isEmpty() && !(array instanceof NameExpr)) {
        return "double"; // computed into a local double[]: the local's type says if it is not one
      }
      throw new UnsupportedStream(source, "a stream of `" + array + "`, whose type is " + type.map(t -> t + ":")
          .orElse("not declared where flatgrad can read it:") + " flatgrad rewrites streams of a double[] or of the"
          + " rows of a double[][]");
    }
    if (scope.endsWith("DoubleStream") && name.equals("of")) {
      return "double";
    }
    if (Imports.names(source, scope, "java.util.stream.Stream") && name.equals("of") && args > 0) {
      return RowStreams.rowsOf(source, m);
    }
    if (scope.endsWith("IntStream") && (name.equals("range") || name.equals("rangeClosed")) && args == 2) {
      return "int";
    }
    throw new UnsupportedStream(source, "the stream source `" + scope + "." + name + "` is not supported: "
        + Streams.WHAT_IS_SUPPORTED);
  }

  /**
   * Why a lambda of a stream flatgrad does not rewrite is not taken, if it is a function of one
   * from a source named by what it streams: a collection ({@code List.of(a, b).stream()}, {@code
   * rows.stream()}; flatgrad streams arrays) or a String's characters ({@code s.chars()}, {@code
   * s.codePoints()}; a loop reads them).
   */
  static Optional<String> whyNotSource(LambdaExpr lambda) {
    Optional<Node> at = lambda.getParentNode();
    while (at.orElse(null) instanceof MethodCallExpr c) {
      Optional<String> why = whyNotSource(c);
      if (why.isPresent()) {
        return why;
      }
      at = c.getScope().map(Node.class::cast);
    }
    return Optional.empty();
  }

  /** Why {@code source} is a stream flatgrad does not take, if it is a collection's or a String's characters'. */
  public static Optional<String> whyNotSource(MethodCallExpr source) {
    if (!source.getArguments().isEmpty() || source.getScope().isEmpty()) {
      return Optional.empty();
    }
    String text = source.getScope().get().toString();
    return switch (source.getNameAsString()) {
      case "stream" -> Optional.of("a stream of a collection (`" + source + "`) is not supported: flatgrad"
          + " rewrites streams of arrays: Arrays.stream(W) of a double[][] for its rows, Stream.of(a, b) of"
          + " double[] rows, Arrays.stream(x) or DoubleStream.of(...) of numbers");
      case "chars", "codePoints" -> Optional.of("a stream of a String's characters (`" + source + "`) is not"
          + " supported: loop over them, for (int i = 0; i < " + text + ".length(); i++) { char c = " + text
          + ".charAt(i); ... }, or for (char c : " + text + ".toCharArray()) { ... }");
      default -> Optional.empty();
    };
  }
}
