package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A chain taken apart: source call, the type of its elements ({@code double}, {@code int}, or a
 * row's, {@code double[]}), stages, reduction ({@code sum}...) and, for an optional one, its finisher.
 */
record StreamChain(MethodCallExpr top, MethodCallExpr source, String element, List<StreamStage> stages,
    String reduction, MethodCallExpr finisher) {

  /** The reductions that give an OptionalDouble. */
  static final Set<String> OPTIONAL_REDUCTIONS = Set.of("average", "max", "min");

  /** Whether the number of elements reduced is known only by counting them in the loop. */
  boolean counted() {
    return stages.stream().anyMatch(StreamStage::counts);
  }

  /** The type of the elements stage {@code k} takes ({@code k == stages.size()}: those reduced). */
  String typeAt(int k) {
    return stages.subList(0, k).stream().anyMatch(StreamStage::givesDoubles) ? "double" : element;
  }

  /** The index of the flatMapToDouble stage, -1 if none. */
  int flattening() {
    for (int k = 0; k < stages.size(); k++) {
      if (stages.get(k).op().equals("flatMapToDouble")) {
        return k;
      }
    }
    return -1;
  }

  /** The chain ending at {@code top}, its parameters renamed where they would hide a name; one not rewritten throws. */
  static StreamChain parse(MethodCallExpr top, MethodDeclaration m, Set<String> taken) {
    List<MethodCallExpr> calls = new ArrayList<>();
    for (MethodCallExpr at = top; at != null; at = at.getScope().orElse(null) instanceof MethodCallExpr c ? c : null) {
      calls.add(0, at);
    }
    MethodCallExpr source = calls.get(0);
    String element = StreamSources.sourceElement(source, m);
    List<StreamStage> stages = new ArrayList<>();
    int k = 1;
    for (; k < calls.size() && StreamStage.isStage(calls.get(k).getNameAsString()); k++) {
      MethodCallExpr call = calls.get(k);
      String op = call.getNameAsString();
      if (RowStreams.isRow(element) && op.equals("map")) {
        throw new UnsupportedStream(call.getName(), "`map` of a stream of rows (" + element + ") is not supported:"
            + " write mapToDouble(row -> ...) for a number of each row, or flatMapToDouble(Arrays::stream) for their"
            + " elements");
      }
      if (op.equals("mapToDouble") && element.equals("double")) {
        throw new UnsupportedStream(call.getName(), "`mapToDouble` of a DoubleStream: write map(v -> ...)");
      }
      if (op.equals("flatMapToDouble")) {
        if (!element.equals("double[]")) {
          throw new UnsupportedStream(call.getName(), "`flatMapToDouble` of a stream of " + element + " is not"
              + " supported: flatgrad flattens a stream of double[] rows");
        }
        stages.addAll(RowStreams.flattened(call));
      } else {
        stages.add(StreamStage.of(call));
      }
      if (op.equals("mapToDouble") || op.equals("flatMapToDouble")) {
        element = "double";
      }
    }
    if (k == calls.size()) {
      throw new UnsupportedStream(top, "a stream kept as a value is not supported: end it with sum(), average(),"
          + " max(), min(), count() or toArray() where it is made");
    }
    MethodCallExpr reduction = calls.get(k);
    String name = reduction.getNameAsString();
    if (RowStreams.isRow(element) && !(name.equals("count") && reduction.getArguments().isEmpty())) {
      throw new UnsupportedStream(reduction.getName(), "`" + name + "` of a stream of rows (" + element + ") is not"
          + " supported in a @Differentiable method: flatgrad rewrites mapToDouble(row -> ...)"
          + (element.equals("double[]") ? " or flatMapToDouble(Arrays::stream)" : "") + " of the rows, then filter,"
          + " map and a sum(), average(), max(), min(), count() or toArray(); or write a for loop over the rows");
    }
    if (!Set.of("sum", "count", "toArray", "average", "max", "min").contains(name) || !reduction.getArguments().isEmpty()) {
      throw new UnsupportedStream(reduction.getName(), "`" + name + "` on a stream is not supported in a"
          + " @Differentiable method: " + Streams.WHAT_IS_SUPPORTED);
    }
    if (element.equals("int") && !name.equals("count")) {
      throw new UnsupportedStream(reduction.getName(), "`" + name + "()` of an IntStream is not supported:"
          + " mapToDouble(i -> ...) first, so that flatgrad reduces doubles");
    }
    MethodCallExpr finisher = null;
    if (OPTIONAL_REDUCTIONS.contains(name)) {
      if (k + 1 == calls.size()) {
        throw new UnsupportedStream(reduction.getName(), "`" + name + "()` gives an OptionalDouble, which flatgrad"
            + " does not keep: call getAsDouble(), orElse(c) or orElseThrow() on it in the same expression");
      }
      finisher = calls.get(++k);
      String f = finisher.getNameAsString();
      int args = finisher.getArguments().size();
      if (!(f.equals("getAsDouble") && args == 0 || f.equals("orElseThrow") && args == 0 || f.equals("orElse") && args == 1)) {
        throw new UnsupportedStream(finisher.getName(), "`" + f + "` of the OptionalDouble of `" + name + "()` is not"
            + " supported: call getAsDouble(), orElse(c) or orElseThrow()");
      }
    }
    if (k + 1 < calls.size()) {
      MethodCallExpr after = calls.get(k + 1);
      throw new UnsupportedStream(after.getName(), "`" + after.getNameAsString() + "` on the result of a stream is not"
          + " supported: keep the result in a local first");
    }
    return new StreamChain(top, source, StreamSources.sourceElement(source, m),
        StreamParameters.renamed(stages, top, taken), name, finisher);
  }
}
