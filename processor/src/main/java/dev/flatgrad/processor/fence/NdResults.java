package dev.flatgrad.processor.fence;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The array type an {@code Nd} call returns, from the types of its arguments (the runtime is not on
 * the processor's class path, so its signatures are restated here as rules; a test checks them
 * against it).
 */
final class NdResults {
  private NdResults() {}

  /** Element-wise functions of one argument: the result has the argument's type. */
  static final Set<String> ELEMENTWISE = Set.of("abs", "exp", "log", "sqrt", "square", "negative", "sign", "tanh",
      "sigmoid", "relu", "softmax", "logSoftmax", "copy", "zerosLike", "onesLike");

  /** Element-wise functions of two arguments: the result has the larger rank, as numpy broadcasts. */
  static final Set<String> BROADCASTING = Set.of("add", "subtract", "multiply", "divide", "maximum", "minimum",
      "greater", "greaterEqual", "less", "lessEqual");

  /** Reductions of a matrix along an axis ({@code Nd.sum(m, 0)}): a vector. */
  static final Set<String> AXIS_REDUCTIONS = Set.of("sum", "mean", "max", "logSumExp");

  /** The type {@code Nd.name(arguments)} returns, if the types of its arguments say it. */
  static Optional<String> of(String name, List<Optional<String>> arguments) {
    if (arguments.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    List<Integer> ranks = arguments.stream().map(a -> rank(a.get())).toList();
    if (ranks.contains(-1)) {
      return Optional.empty();
    }
    if (ELEMENTWISE.contains(name) && ranks.size() == 1 && ranks.get(0) > 0) {
      return Optional.of(ofRank(ranks.get(0)));
    }
    if (BROADCASTING.contains(name) && ranks.size() == 2 && Math.max(ranks.get(0), ranks.get(1)) > 0) {
      return Optional.of(ofRank(Math.max(ranks.get(0), ranks.get(1))));
    }
    if (AXIS_REDUCTIONS.contains(name) && ranks.equals(List.of(2, 0))) {
      return Optional.of("double[]");
    }
    if (name.equals("dot") && ranks.size() == 2 && ranks.get(0) + ranks.get(1) >= 3) {
      return Optional.of(ofRank(ranks.get(0) + ranks.get(1) - 2)); // matrix-vector, vector-matrix, matrix-matrix
    }
    if (name.equals("transpose") && ranks.equals(List.of(2)) || name.equals("outer") && ranks.equals(List.of(1, 1))) {
      return Optional.of("double[][]");
    }
    if (name.equals("flatten") && ranks.equals(List.of(2))) {
      return Optional.of("double[]");
    }
    return Optional.empty();
  }

  /** 0 for a number, 1 for double[], 2 for double[][]; -1 for what no Nd function takes. */
  private static int rank(String type) {
    return switch (type) {
      case "double", "int", "long", "float" -> 0;
      case "double[]" -> 1;
      case "double[][]" -> 2;
      default -> -1;
    };
  }

  private static String ofRank(int rank) {
    return "double" + "[]".repeat(rank);
  }
}
