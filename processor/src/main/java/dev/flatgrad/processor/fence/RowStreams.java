package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Streams of rows, {@code Stream<double[]>}: the rows {@code Stream.of} gives, and a {@code
 * flatMapToDouble} of them taken apart into the stages of a loop over each row's elements.
 */
final class RowStreams {

  private RowStreams() {}

  /** Whether elements of this type are rows: arrays, a stream of which is a {@code Stream<double[]>}. */
  static boolean isRow(String element) {
    return element.endsWith("[]");
  }

  /**
   * The element type of {@code Stream.of(...)}: a row's, {@code double[]}, of rows given one by one
   * or of one {@code double[][]} (varargs: its rows); any other, or one not declared, throws.
   */
  static String rowsOf(MethodCallExpr source, MethodDeclaration m) {
    List<Optional<String>> types = source.getArguments().stream().map(a -> ArgumentTypes.typeOf(a, m)).toList();
    if (types.size() == 1 && types.get(0).filter(t -> t.equals("double[][]")).isPresent()
        || types.stream().allMatch(t -> t.filter(u -> u.equals("double[]")).isPresent())) {
      return "double[]";
    }
    throw new UnsupportedStream(source, "a `Stream.of` of " + (types.size() == 1 ? "`" + source.getArgument(0) + "`"
        : "these values") + ": flatgrad rewrites Stream.of of double[] rows declared as such, or DoubleStream.of of numbers");
  }

  /**
   * A {@code flatMapToDouble} of rows taken apart: the stage that runs over a row's elements, then
   * the {@code map}s and {@code filter}s its function applies to them. Its function streams its row
   * whole: {@code Arrays::stream}, or {@code r -> Arrays.stream(r)...} (a block may compute first).
   */
  static List<StreamStage> flattened(MethodCallExpr call) {
    String whatToWrite = ": flatgrad flattens rows with flatMapToDouble(Arrays::stream) or flatMapToDouble(r ->"
        + " Arrays.stream(r)), then map and filter";
    Expression f = call.getArguments().size() == 1 ? call.getArgument(0) : call;
    if (f instanceof MethodReferenceExpr ref && ref.getScope() instanceof TypeExpr type
        && ref.getIdentifier().equals("stream") && Imports.names(ref, type.toString(), "java.util.Arrays")) {
      return List.of(new StreamStage("flatMapToDouble", null, List.of(), null));
    }
    if (!(f instanceof LambdaExpr)) {
      throw new UnsupportedStream(f, "`flatMapToDouble(" + f + ")` is not supported" + whatToWrite);
    }
    StreamStage whole = StreamStage.of(call);
    List<MethodCallExpr> calls = new ArrayList<>();
    Expression at = whole.value();
    while (at instanceof MethodCallExpr c && !(StreamSources.isArrays(c) && c.getNameAsString().equals("stream"))) {
      calls.add(0, c);
      at = c.getScope().orElse(null);
    }
    if (!(at instanceof MethodCallExpr source && source.getArguments().size() == 1
        && source.getArgument(0) instanceof NameExpr row && row.getNameAsString().equals(whole.param()))) {
      throw new UnsupportedStream(whole.value(), "the function of `flatMapToDouble` gives `" + whole.value() + "`"
          + whatToWrite + " (a row computed from it: mapToDouble, or compute it in a for loop)");
    }
    List<StreamStage> stages = new ArrayList<>();
    for (MethodCallExpr c : calls) {
      String op = c.getNameAsString();
      if (!op.equals("map") && !op.equals("filter")) {
        throw new UnsupportedStream(c.getName(), "`" + op + "` of a row's stream in flatMapToDouble is not supported"
            + whatToWrite);
      }
      stages.add(StreamStage.of(c));
    }
    stages.add(0, new StreamStage(whole.op(), whole.param(), whole.statements(), row, stages.size()));
    return stages;
  }
}
