package dev.flatgrad.processor.fence;

import com.github.javaparser.ParseProblemException;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithBody;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 */
public final class Streams {

  private static final List<String> STREAM_CLASSES = List.of("java.util.stream.DoubleStream",
      "java.util.stream.IntStream", "java.util.stream.LongStream", "java.util.stream.Stream");
  private static final Set<String> OPTIONAL_REDUCTIONS = Set.of("average", "max", "min");
  private static final String WHAT_IS_SUPPORTED = "flatgrad rewrites Arrays.stream, DoubleStream.of and"
      + " IntStream.range streams with map, filter and mapToDouble (of rows: mapToDouble or flatMapToDouble),"
      + " ending in sum(), average(), max(), min(), count() or toArray(); write a for loop";

  private Streams() {}

  /** Where a chain cannot be rewritten: the node to report on and why. */
  record Why(Node node, String message) {}

  private static final class Unsupported extends RuntimeException {
    private final transient Why why;

    Unsupported(Node node, String message) {
      super(message, null, false, false);
      this.why = new Why(node, message);
    }
  }

  /**
   * One {@code map}, {@code filter} or {@code mapToDouble}: its parameter and body, as the loop runs
   * them; a method reference has no parameter, its value the call to make of the element. A {@code
   * flatMapToDouble}'s value is the row whose elements go on (its parameter, or the element itself
   * for {@code Arrays::stream}), and {@code inner} the stages after it that its function wrote, in
   * whose scope its parameter is.
   */
  private record Stage(String op, String param, List<Statement> statements, Expression value, int inner) {

    Stage(String op, String param, List<Statement> statements, Expression value) {
      this(op, param, statements, value, 0);
    }

    /** Whether the stage decides how many elements go on: a filter, or a row's elements flattened. */
    boolean counts() {
      return op.equals("filter") || op.equals("flatMapToDouble");
    }
  }

  /**
   * A chain taken apart: source call, the type of its elements ({@code double}, {@code int}, or a
   * row's, {@code double[]}), stages, reduction ({@code sum}...) and, for an optional one, its finisher.
   */
  private record Chain(MethodCallExpr top, MethodCallExpr source, String element, List<Stage> stages,
      String reduction, MethodCallExpr finisher) {

    /** Whether the number of elements reduced is known only by counting them in the loop. */
    boolean counted() {
      return stages.stream().anyMatch(Stage::counts);
    }

    /** The type of the elements stage {@code k} takes ({@code k == stages.size()}: those reduced). */
    String typeAt(int k) {
      String type = element;
      for (int j = 0; j < k; j++) {
        if (stages.get(j).op.equals("mapToDouble") || stages.get(j).op.equals("flatMapToDouble")) {
          type = "double";
        }
      }
      return type;
    }

    /** The index of the flatMapToDouble stage, -1 if none. */
    int flattening() {
      for (int k = 0; k < stages.size(); k++) {
        if (stages.get(k).op.equals("flatMapToDouble")) {
          return k;
        }
      }
      return -1;
    }
  }

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
            Chain chain = parse(top, m, taken);
            Statement holder = holder(top);
            new Loop(chain, m, taken, holder).rewrite();
            rewritten = true;
          } catch (Unsupported | ParseProblemException e) {
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
    return outermost && isSource(bottom(c));
  }

  /** Why the chain ending at {@code top} (one {@link #isChain}) was not rewritten. */
  static Why whyNot(MethodCallExpr top) {
    MethodDeclaration m = top.findAncestor(MethodDeclaration.class).orElseThrow();
    try {
      parse(top, m, SourceRewrites.variableNamesIn(m));
      holder(top);
      return new Why(top, "this stream is not supported: " + WHAT_IS_SUPPORTED);
    } catch (Unsupported e) {
      return e.why;
    }
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

  private static MethodCallExpr bottom(MethodCallExpr c) {
    MethodCallExpr at = c;
    while (at.getScope().orElse(null) instanceof MethodCallExpr inner) {
      at = inner;
    }
    return at;
  }

  private static boolean isSource(MethodCallExpr c) {
    String scope = c.getScope().map(Node::toString).orElse("");
    return isArrays(c) && c.getNameAsString().equals("stream")
        || STREAM_CLASSES.stream().anyMatch(q -> Imports.names(c, scope, q));
  }

  /** Whether the call is on java.util.Arrays, as the file names it. */
  private static boolean isArrays(MethodCallExpr c) {
    return Imports.names(c, c.getScope().map(Node::toString).orElse(""), "java.util.Arrays");
  }

  // ---------------------------------------------------------------- taking a chain apart

  private static Chain parse(MethodCallExpr top, MethodDeclaration m, Set<String> taken) {
    List<MethodCallExpr> calls = new ArrayList<>();
    for (MethodCallExpr at = top; at != null; at = at.getScope().orElse(null) instanceof MethodCallExpr c ? c : null) {
      calls.add(0, at);
    }
    MethodCallExpr source = calls.get(0);
    String element = sourceElement(source, m);
    List<Stage> stages = new ArrayList<>();
    int k = 1;
    for (; k < calls.size() && isStage(calls.get(k).getNameAsString()); k++) {
      MethodCallExpr call = calls.get(k);
      String op = call.getNameAsString();
      if (isRow(element) && op.equals("map")) {
        throw new Unsupported(call.getName(), "`map` of a stream of rows (" + element + ") is not supported: write"
            + " mapToDouble(row -> ...) for a number of each row, or flatMapToDouble(Arrays::stream) for their elements");
      }
      if (op.equals("mapToDouble") && element.equals("double")) {
        throw new Unsupported(call.getName(), "`mapToDouble` of a DoubleStream: write map(v -> ...)");
      }
      if (op.equals("flatMapToDouble")) {
        if (!element.equals("double[]")) {
          throw new Unsupported(call.getName(), "`flatMapToDouble` of a stream of " + element + " is not supported:"
              + " flatgrad flattens a stream of double[] rows");
        }
        stages.addAll(flattened(call));
      } else {
        stages.add(stage(call));
      }
      if (op.equals("mapToDouble") || op.equals("flatMapToDouble")) {
        element = "double";
      }
    }
    if (k == calls.size()) {
      throw new Unsupported(top, "a stream kept as a value is not supported: end it with sum(), average(), max(),"
          + " min(), count() or toArray() where it is made");
    }
    MethodCallExpr reduction = calls.get(k);
    String name = reduction.getNameAsString();
    if (isRow(element) && !(name.equals("count") && reduction.getArguments().isEmpty())) {
      throw new Unsupported(reduction.getName(), "`" + name + "` of a stream of rows (" + element + ") is not supported"
          + " in a @Differentiable method: flatgrad rewrites mapToDouble(row -> ...)"
          + (element.equals("double[]") ? " or flatMapToDouble(Arrays::stream)" : "") + " of the rows, then filter,"
          + " map and a sum(), average(), max(), min(), count() or toArray(); or write a for loop over the rows");
    }
    if (!Set.of("sum", "count", "toArray", "average", "max", "min").contains(name) || !reduction.getArguments().isEmpty()) {
      throw new Unsupported(reduction.getName(), "`" + name + "` on a stream is not supported in a @Differentiable method: "
          + WHAT_IS_SUPPORTED);
    }
    if (element.equals("int") && !name.equals("count")) {
      throw new Unsupported(reduction.getName(), "`" + name + "()` of an IntStream is not supported: mapToDouble(i -> ...)"
          + " first, so that flatgrad reduces doubles");
    }
    MethodCallExpr finisher = null;
    if (OPTIONAL_REDUCTIONS.contains(name)) {
      if (k + 1 == calls.size()) {
        throw new Unsupported(reduction.getName(), "`" + name + "()` gives an OptionalDouble, which flatgrad does not keep:"
            + " call getAsDouble(), orElse(c) or orElseThrow() on it in the same expression");
      }
      finisher = calls.get(++k);
      String f = finisher.getNameAsString();
      int args = finisher.getArguments().size();
      if (!(f.equals("getAsDouble") && args == 0 || f.equals("orElseThrow") && args == 0 || f.equals("orElse") && args == 1)) {
        throw new Unsupported(finisher.getName(), "`" + f + "` of the OptionalDouble of `" + name + "()` is not supported:"
            + " call getAsDouble(), orElse(c) or orElseThrow()");
      }
    }
    if (k + 1 < calls.size()) {
      MethodCallExpr after = calls.get(k + 1);
      throw new Unsupported(after.getName(), "`" + after.getNameAsString() + "` on the result of a stream is not supported:"
          + " keep the result in a local first");
    }
    return new Chain(top, source, sourceElement(source, m), renamed(stages, top, taken), name, finisher);
  }

  private static boolean isStage(String name) {
    return name.equals("map") || name.equals("filter") || name.equals("mapToDouble") || name.equals("flatMapToDouble");
  }

  /** Whether elements of this type are rows: arrays, a stream of which is a {@code Stream<double[]>}. */
  private static boolean isRow(String element) {
    return element.endsWith("[]");
  }

  /**
   * The type of the source's elements: {@code double}, {@code int} (a range, an int[]) or a row's
   * ({@code double[]}, of an array of them or a {@code Stream.of} rows); an unsupported source throws.
   */
  private static String sourceElement(MethodCallExpr source, MethodDeclaration m) {
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
      throw new Unsupported(source, "a stream of `" + array + "`, whose type is " + type.map(t -> t + ":")
          .orElse("not declared where flatgrad can read it:") + " flatgrad rewrites streams of a double[] or of the"
          + " rows of a double[][]");
    }
    if (scope.endsWith("DoubleStream") && name.equals("of")) {
      return "double";
    }
    if (Imports.names(source, scope, "java.util.stream.Stream") && name.equals("of") && args > 0) {
      return rowsOf(source, m);
    }
    if (scope.endsWith("IntStream") && (name.equals("range") || name.equals("rangeClosed")) && args == 2) {
      return "int";
    }
    throw new Unsupported(source, "the stream source `" + scope + "." + name + "` is not supported: "
        + WHAT_IS_SUPPORTED);
  }

  /** A stage's function as a lambda: one parameter, an expression or a block ending in its one return. */
  private static Stage stage(MethodCallExpr call) {
    String op = call.getNameAsString();
    if (call.getArguments().size() != 1) {
      throw new Unsupported(call.getName(), "`" + op + "` takes one function");
    }
    Expression f = call.getArgument(0);
    LambdaExpr lambda;
    if (f instanceof MethodReferenceExpr ref && ref.getScope() instanceof TypeExpr type
        && !ref.getIdentifier().equals("new") && ref.getTypeArguments().isEmpty()) {
      // Class::method, a static method of one parameter: called on the element, no parameter of its own.
      return new Stage(op, null, List.of(), new MethodCallExpr(new NameExpr(type.toString()), ref.getIdentifier()));
    } else if (f instanceof LambdaExpr l && l.getParameters().size() == 1) {
      lambda = l;
    } else {
      throw new Unsupported(f, "`" + op + "(" + f + ")` is not supported: flatgrad rewrites " + op
          + " of a lambda (v -> ...) or of a static method (Math::exp)");
    }
    String param = lambda.getParameter(0).getNameAsString();
    if (lambda.getBody() instanceof ExpressionStmt e) {
      return new Stage(op, param, List.of(), e.getExpression());
    }
    BlockStmt block = (BlockStmt) lambda.getBody();
    NodeList<Statement> body = block.getStatements();
    if (body.isEmpty() || !(body.getLast().orElseThrow() instanceof ReturnStmt last) || last.getExpression().isEmpty()
        || block.findAll(ReturnStmt.class, r -> r.findAncestor(LambdaExpr.class).orElse(null) == lambda).size() != 1) {
      throw new Unsupported(lambda, "the lambda of `" + op + "` is not supported: write it as an expression, or a"
          + " block whose one return is its last statement");
    }
    return new Stage(op, param, new ArrayList<>(body.subList(0, body.size() - 1)), last.getExpression().get());
  }

  /**
   * The element type of {@code Stream.of(...)}: a row's, {@code double[]}, of rows given one by one
   * or of one {@code double[][]} (varargs: its rows); any other, or one not declared, throws.
   */
  private static String rowsOf(MethodCallExpr source, MethodDeclaration m) {
    List<Optional<String>> types = source.getArguments().stream().map(a -> ArgumentTypes.typeOf(a, m)).toList();
    if (types.size() == 1 && types.get(0).filter(t -> t.equals("double[][]")).isPresent()
        || types.stream().allMatch(t -> t.filter(u -> u.equals("double[]")).isPresent())) {
      return "double[]";
    }
    throw new Unsupported(source, "a `Stream.of` of " + (types.size() == 1 ? "`" + source.getArgument(0) + "`"
        : "these values") + ": flatgrad rewrites Stream.of of double[] rows declared as such, or DoubleStream.of of numbers");
  }

  /**
   * A {@code flatMapToDouble} of rows taken apart: the stage that runs over a row's elements, then
   * the {@code map}s and {@code filter}s its function applies to them. Its function streams its row
   * whole: {@code Arrays::stream}, or {@code r -> Arrays.stream(r)...} (a block may compute first).
   */
  private static List<Stage> flattened(MethodCallExpr call) {
    String whatToWrite = ": flatgrad flattens rows with flatMapToDouble(Arrays::stream) or flatMapToDouble(r ->"
        + " Arrays.stream(r)), then map and filter";
    Expression f = call.getArguments().size() == 1 ? call.getArgument(0) : call;
    if (f instanceof MethodReferenceExpr ref && ref.getScope() instanceof TypeExpr type
        && ref.getIdentifier().equals("stream") && Imports.names(ref, type.toString(), "java.util.Arrays")) {
      return List.of(new Stage("flatMapToDouble", null, List.of(), null));
    }
    if (!(f instanceof LambdaExpr)) {
      throw new Unsupported(f, "`flatMapToDouble(" + f + ")` is not supported" + whatToWrite);
    }
    Stage whole = stage(call);
    List<MethodCallExpr> calls = new ArrayList<>();
    Expression at = whole.value;
    while (at instanceof MethodCallExpr c && !(isArrays(c) && c.getNameAsString().equals("stream"))) {
      calls.add(0, c);
      at = c.getScope().orElse(null);
    }
    if (!(at instanceof MethodCallExpr source && source.getArguments().size() == 1
        && source.getArgument(0) instanceof NameExpr row && row.getNameAsString().equals(whole.param))) {
      throw new Unsupported(whole.value, "the function of `flatMapToDouble` gives `" + whole.value + "`" + whatToWrite
          + " (a row computed from it: mapToDouble, or compute it in a for loop)");
    }
    List<Stage> stages = new ArrayList<>();
    for (MethodCallExpr c : calls) {
      String op = c.getNameAsString();
      if (!op.equals("map") && !op.equals("filter")) {
        throw new Unsupported(c.getName(), "`" + op + "` of a row's stream in flatMapToDouble is not supported" + whatToWrite);
      }
      stages.add(stage(c));
    }
    stages.add(0, new Stage(whole.op, whole.param, whole.statements, row, stages.size()));
    return stages;
  }

  /**
   * The stages with each parameter renamed where the loop would make it hide another name of the
   * chain: another stage's parameter or a local of its block, or a name (a field) its other parts read.
   */
  private static List<Stage> renamed(List<Stage> stages, MethodCallExpr top, Set<String> taken) {
    List<Stage> out = new ArrayList<>();
    Set<String> declared = new java.util.HashSet<>();
    for (Stage s : stages) {
      for (Statement st : s.statements) {
        for (VariableDeclarator v : st.findAll(VariableDeclarator.class)) {
          if (!declared.add(v.getNameAsString())) {
            throw new Unsupported(v, "two functions of this stream declare `" + v.getNameAsString() + "`: rename one");
          }
        }
      }
    }
    String element = null; // the variable holding the element a stage takes, if one does
    String from = null; // a flatMapToDouble's parameter renamed, in the stages its function wrote
    String to = null;
    int reach = 0;
    for (Stage given : stages) {
      Stage s = given;
      if (reach > 0) {
        s = reading(s, from, to);
        reach--;
      }
      if (s.param == null) {
        out.add(s);
        element = null;
        continue;
      }
      // A filter's parameter holds the element the next stage takes: the same variable if the same name.
      boolean reused = s.param.equals(element);
      String param = s.param;
      boolean hides = !top.findAll(NameExpr.class, n -> n.getNameAsString().equals(param) && !boundIn(n, param, top))
          .isEmpty();
      element = null;
      if (!hides && (reused || declared.add(s.param))) {
        out.add(s);
        element = s.op.equals("filter") ? s.param : null;
        continue;
      }
      String name = SourceRewrites.fresh(s.param, taken);
      declared.add(name);
      Stage read = reading(s, s.param, name);
      out.add(new Stage(s.op, name, read.statements, read.value, s.inner));
      element = s.op.equals("filter") ? name : null;
      if (s.inner > 0) {
        from = s.param;
        to = name;
        reach = s.inner;
      }
    }
    return out;
  }

  /** The stage with {@code from} read as {@code to} in its function (its parameter as it was). */
  private static Stage reading(Stage s, String from, String to) {
    return new Stage(s.op, s.param, s.statements.stream().map(st -> rename(st.clone(), from, to)).toList(),
        rename(s.value.clone(), from, to), s.inner);
  }

  /** Whether {@code n} is the parameter of a lambda of the chain around it. */
  private static boolean boundIn(NameExpr n, String param, MethodCallExpr top) {
    for (Node at = n; at != top; at = at.getParentNode().orElseThrow()) {
      if (at instanceof LambdaExpr l && l.getParameters().stream().anyMatch(p -> p.getNameAsString().equals(param))) {
        return true;
      }
    }
    return false;
  }

  private static <N extends Node> N rename(N n, String from, String to) {
    if (n instanceof NameExpr e && e.getNameAsString().equals(from)) {
      @SuppressWarnings("unchecked")
      N renamed = (N) new NameExpr(to);
      return renamed;
    }
    n.findAll(NameExpr.class, e -> e.getNameAsString().equals(from)).forEach(e -> e.setName(to));
    return n;
  }

  /**
   * The statement the stream's loop goes before: one that evaluates the stream every time it runs,
   * and first (a declaration, an expression statement, a return, a throw, an if's condition, a
   * for-each's array); not where the stream may run fewer or more times than that statement.
   */
  private static Statement holder(MethodCallExpr top) {
    Node child = top;
    Node parent = top.getParentNode().orElseThrow();
    while (!(parent instanceof Statement)) {
      if (parent instanceof ConditionalExpr c && c.getCondition() != child) {
        throw new Unsupported(top, "a stream in an arm of ?: runs only when that arm is chosen: compute it into a"
            + " local first, or write if/else");
      }
      if (parent instanceof BinaryExpr b && b.getRight() == child && (b.getOperator() == BinaryExpr.Operator.AND
          || b.getOperator() == BinaryExpr.Operator.OR)) {
        throw new Unsupported(top, "a stream in the right operand of " + b.getOperator().asString() + " runs only when"
            + " the left one does not decide: compute it into a local first, or write nested ifs");
      }
      child = parent;
      parent = parent.getParentNode().orElseThrow();
    }
    // A lambda's body is a statement: a stream in another's function waits until that one is a loop.
    if (parent.findAncestor(LambdaExpr.class).isPresent()) {
      throw new Unsupported(top, "a stream inside a lambda is not supported: compute it into a local first");
    }
    Node where = child;
    boolean once = parent instanceof ExpressionStmt || parent instanceof ReturnStmt || parent instanceof ThrowStmt
        || parent instanceof IfStmt i && i.getCondition() == where
        || parent instanceof ForEachStmt f && f.getIterable() == where;
    String what = parent.getClass().getSimpleName().replaceAll("Stmt$", "").toLowerCase();
    if (!once && (parent instanceof NodeWithBody<?> || parent instanceof ForEachStmt)) {
      throw new Unsupported(top, "a stream in the header of a " + what + " loop runs each time it is evaluated:"
          + " compute it into a local first (and again at the end of the loop's body, if it changes)");
    }
    if (!once) {
      throw new Unsupported(top, "a stream in this " + what + " statement is not supported: compute it into a local"
          + " first");
    }
    if (where instanceof VariableDeclarationExpr d && d.getVariables().size() > 1) {
      // The loop goes before the statement, where the variables declared before the stream's are not yet.
      throw new Unsupported(top, "a stream in a declaration of several variables is not supported: declare the"
          + " variable it gives in a statement of its own");
    }
    return (Statement) parent;
  }

  // ---------------------------------------------------------------- the loop

  /** The statements that compute one chain's value, and that value. */
  private static final class Loop {
    private final Chain chain;
    private final Set<String> taken;
    private final MethodDeclaration m;
    private final Statement holder;
    private final List<String> before = new ArrayList<>();
    /** The loop's index, its header, the source's first element read at it. */
    private String index;
    private String head;
    private String first;
    /** The number of elements of the source, and the index of the first one where it is not 0. */
    private String length;
    private String offset;
    /** The index of the loop over a flattened row's elements, once named. */
    private String elementIndex;
    /** The array the loop reads whole, if it does; whether it is the user's (not a new local of the values). */
    private String whole;
    private boolean users;

    Loop(Chain chain, MethodDeclaration m, Set<String> taken, Statement holder) {
      this.chain = chain;
      this.m = m;
      this.taken = taken;
      this.holder = holder;
    }

    /**
     * The names the loop's index must not take: those in scope where the loop goes (the method's
     * parameters, locals declared before it in the blocks around it, the variables of the loops
     * around it) and those the loop's body reads or declares. (The index is the loop's own, so
     * loops one after another each count with {@code i}.)
     */
    private Set<String> visible() {
      Set<String> names = new java.util.HashSet<>();
      chain.top.findAll(SimpleName.class).forEach(n -> names.add(n.getIdentifier()));
      for (Stage s : chain.stages) {
        names.add(s.param);
        s.statements.forEach(st -> st.findAll(SimpleName.class).forEach(n -> names.add(n.getIdentifier())));
      }
      m.getParameters().forEach(p -> names.add(p.getNameAsString()));
      Node child = holder;
      for (Node at = holder.getParentNode().orElseThrow(); at != m; child = at, at = at.getParentNode().orElseThrow()) {
        if (at instanceof BlockStmt block) {
          for (Statement s : block.getStatements()) {
            if (s == child) {
              break;
            }
            if (s instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d) {
              d.getVariables().forEach(v -> names.add(v.getNameAsString()));
            }
          }
        } else if (at instanceof ForStmt f) {
          f.getInitialization().forEach(i -> i.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString())));
        } else if (at instanceof ForEachStmt f) {
          names.add(f.getVariableDeclarator().getNameAsString());
        }
      }
      return names;
    }

    /** Puts the loop before the holder and its value in the stream's place (all parsed before the tree changes). */
    void rewrite() {
      List<Statement> hoisted = new ArrayList<>();
      source(hoisted);
      String value = reduce();
      for (String s : before) {
        hoisted.add(SourceRewrites.allAt(StaticJavaParser.parseStatement(s), chain.top));
      }
      Expression replacement = StaticJavaParser.parseExpression(value);
      Optional<VariableDeclarator> into = declared(holder);
      SourceRewrites.surround(holder, hoisted, List.of());
      if (into.isPresent() && value.equals(into.get().getNameAsString())) {
        // The loop computed into the declared variable: its declaration is the loop's.
        holder.remove();
        return;
      }
      boolean whole = chain.top.getParentNode().filter(p -> p instanceof VariableDeclarator || p instanceof ReturnStmt
          || p instanceof ExpressionStmt || p instanceof AssignExpr a && a.getValue() == chain.top)
          .isPresent();
      if (!whole && replacement instanceof ConditionalExpr) {
        // In parentheses, so that the text printed from the tree reads as the tree does.
        replacement = new EnclosedExpr(replacement);
      }
      chain.top.replace(SourceRewrites.allAt(replacement, chain.top));
    }

    /** The loop's header, the first element, and the source's values evaluated once. */
    private void source(List<Statement> hoisted) {
      MethodCallExpr s = chain.source;
      String name = s.getNameAsString();
      if (name.equals("stream")) {
        Expression array = s.getArgument(0);
        String a = array instanceof NameExpr ? array.toString()
            : SourceRewrites.once(array, "array", ArgumentTypes.typeOf(array, m).orElse("double[]"), taken, hoisted)
                .toString();
        String from = "0";
        String to = a + ".length";
        if (s.getArguments().size() == 3) {
          from = SourceRewrites.once(s.getArgument(1), "from", "int", taken, hoisted).toString();
          to = SourceRewrites.once(s.getArgument(2), "to", "int", taken, hoisted).toString();
          if (!(literal(from) <= literal(to))) {
            // Arrays.stream's own check, which the loop would not make: a range backwards.
            before.add("if (" + from + " > " + to + ") throw new ArrayIndexOutOfBoundsException("
                + text("\"origin(" + piece(from) + ") > fence(" + piece(to) + ")\"") + ");");
          }
          // Then its bounds, in its order (Spliterators.checkFromToBounds), with its exception's messages.
          if (!(literal(from) >= 0)) {
            before.add("if (" + from + " < 0) throw new ArrayIndexOutOfBoundsException(" + from + ");");
          }
          before.add("if (" + to + " > " + a + ".length) throw new ArrayIndexOutOfBoundsException(" + to + ");");
        }
        loopOver(from, to);
        first = a + "[" + index + "]";
        whole = s.getArguments().size() == 1 ? a : null;
        users = true;
      } else if (name.equals("of")) {
        // DoubleStream.of's numbers, or Stream.of's rows: given one by one, or as one array of them (varargs).
        List<Expression> args = s.getArguments();
        String array = chain.element + "[]";
        String type = args.size() == 1 ? ArgumentTypes.typeOf(args.get(0), m).orElse(chain.element) : chain.element;
        boolean given = type.equals(array);
        String a;
        users = given && args.get(0) instanceof NameExpr;
        if (users) {
          a = args.get(0).toString();
        } else {
          a = SourceRewrites.fresh(isRow(chain.element) ? "rows" : "values", taken);
          before.add(array + " " + a + " = " + (given ? args.get(0).toString() : "{" + String.join(", ",
              args.stream().map(Expression::toString).toList()) + "}") + ";");
        }
        loopOver("0", a + ".length");
        if (!given) {
          length = Integer.toString(args.size());
        }
        first = a + "[" + index + "]";
        whole = a;
      } else {
        String lo = SourceRewrites.once(s.getArgument(0), "from", "int", taken, hoisted).toString();
        String hi = SourceRewrites.once(s.getArgument(1), "to", "int", taken, hoisted).toString();
        // The loop's index is the first function's parameter, where it takes the int.
        index = chain.stages.isEmpty() || chain.stages.get(0).param == null ? SourceRewrites.fresh("i", visible())
            : chain.stages.get(0).param;
        boolean closed = name.equals("rangeClosed");
        head = "for (int " + index + " = " + lo + "; " + index + (closed ? " <= " : " < ") + hi + "; " + index + "++)";
        String count = closed ? hi + " - " + lo + " + 1" : hi + " - " + lo;
        // An empty range (hi below lo) counts 0, where a length of hi - lo would be negative.
        length = lo.equals("0") && !closed && (literal(hi) >= 0 || hi.endsWith(".length")) ? hi
            : !Double.isNaN(literal(lo)) && !Double.isNaN(literal(hi)) ? Integer.toString(Math.max(0,
                (int) (literal(hi) - literal(lo)) + (closed ? 1 : 0)))
            : "Math.max(" + (lo.equals("0") && !closed ? hi : count) + ", 0)";
        offset = lo.equals("0") ? null : lo;
        first = index;
      }
    }

    private void loopOver(String from, String to) {
      index = SourceRewrites.fresh("i", visible());
      head = "for (int " + index + " = " + from + "; " + index + " < " + to + "; " + index + "++)";
      length = from.equals("0") ? to
          : literal(from) <= literal(to) ? Integer.toString((int) (literal(to) - literal(from))) : to + " - " + from;
      offset = from.equals("0") ? null : from;
    }

    /** The loop and what comes after it: the expression of the stream's value. */
    private String reduce() {
      boolean filtered = chain.counted();
      String r = chain.reduction;
      String finisher = chain.finisher == null ? "" : chain.finisher.getNameAsString();
      Optional<VariableDeclarator> into = declaredFor(r, finisher, filtered);
      String counter = filtered ? into.filter(v -> r.equals("count")).map(VariableDeclarator::getNameAsString)
          .orElseGet(() -> SourceRewrites.fresh("count", taken)) : null;
      String count = filtered ? counter : length;
      String position = filtered ? counter : offset == null ? index : index + " - " + offset;
      String increment = filtered ? counter + "++;" : "";
      switch (r) {
        case "count" -> {
          if (!filtered) {
            return "(long) " + paren(length);
          }
          before.add("long " + counter + " = 0;");
          if (lastNeeded(false) < chain.stages.size() - 1) {
            // Maps after the last filter run for each element counted, as Java's do: a value of theirs
            // nothing reads stays where it may throw (reverse.DeadStores), and goes where it cannot.
            String mapped = SourceRewrites.fresh("mapped", taken);
            before.add(loop(chain.typeAt(chain.stages.size()) + " " + mapped + " = %s; " + increment, true));
          } else {
            before.add(loop(increment, false));
          }
          return counter;
        }
        case "sum", "average", "toArray" -> {
          String terms;
          if (chain.stages.isEmpty() && whole != null) {
            // The terms are the array's own.
            terms = whole;
            if (r.equals("toArray")) {
              return users ? terms + ".clone()" : terms;
            }
          } else {
            terms = into.map(VariableDeclarator::getNameAsString)
                .orElseGet(() -> SourceRewrites.fresh(r.equals("toArray") ? "values" : "terms", taken));
            if (chain.flattening() >= 0) {
              length = capacity();
            }
            before.add("double[] " + terms + " = new double[" + length + "];");
            if (filtered) {
              before.add("int " + counter + " = 0;");
            }
            before.add(loop(terms + "[" + position + "] = %s;" + increment, true));
          }
          if (r.equals("toArray")) {
            return filtered ? "Nd.copyOf(" + terms + ", " + counter + ")" : terms;
          }
          if (r.equals("sum")) {
            return "Nd.streamSum(" + terms + ", " + count + ")";
          }
          return present(count, "Nd.streamAverage(" + terms + ", " + count + ")", finisher);
        }
        default -> { // max, min
          String extreme = into.map(VariableDeclarator::getNameAsString).orElseGet(() -> SourceRewrites.fresh(r, taken));
          boolean guardFirst = !filtered && !finisher.equals("orElse");
          if (guardFirst) {
            guard(count);
          }
          before.add("double " + extreme + " = Double." + (r.equals("max") ? "NEGATIVE" : "POSITIVE") + "_INFINITY;");
          if (filtered) {
            before.add("int " + counter + " = 0;");
          }
          before.add(loop(extreme + " = Math." + r + "(" + extreme + ", %s);" + increment, true));
          return guardFirst ? extreme : present(count, extreme, finisher);
        }
      }
    }

    /**
     * As many terms as the loop may gather: the lengths of all the rows streamed, before any filter
     * of theirs, which so runs once a row, in the loop, in Java's order (its exceptions among those
     * of the other stages as Java's). (A null row fails here, before the rows ahead of it are run:
     * flatgrad takes no null, so no filter of the user's can drop it.)
     */
    private String capacity() {
      String size = SourceRewrites.fresh("size", taken);
      before.add("int " + size + " = 0;");
      before.add(head + " { " + size + " += " + first + ".length; }");
      return size;
    }

    /** An OptionalDouble's value: a guard that throws as Java's does, or {@code orElse}'s value when empty. */
    private String present(String count, String value, String finisher) {
      if (!finisher.equals("orElse")) {
        guard(count);
        return value;
      }
      Expression other = chain.finisher.getArgument(0);
      String otherwise = other.toString();
      if (SourceRewrites.mayThrowOrChange(other)) {
        // Evaluated as Java does, after the stream and whether it is empty or not: it may throw.
        otherwise = SourceRewrites.fresh("otherwise", taken);
        before.add("double " + otherwise + " = " + other + ";");
      }
      return paren(count) + " == 0 ? " + otherwise + " : " + value;
    }

    private void guard(String count) {
      if (!(literal(count) > 0)) {
        before.add("if (" + paren(count) + " == 0) throw new java.util.NoSuchElementException(\"No value present\");");
      }
    }

    /** The loop running the stages a use needs: all where it reads the element; else up to the last that counts. */
    private String loop(String use, boolean readsElement) {
      return loop(use, lastNeeded(readsElement));
    }

    /**
     * The loop of the stages up to {@code last}: each stage's parameter declared from the element
     * before it, a filter's test around the rest, a flattening's loop over its row's elements, and
     * {@code use} (with {@code %s} for the last element, where it reads it).
     */
    private String loop(String use, int last) {
      StringBuilder body = new StringBuilder();
      int closes = 0;
      String element = first;
      for (int k = 0; k <= last; k++) {
        Stage s = chain.stages.get(k);
        if (s.param != null && !s.param.equals(element)) {
          body.append(chain.typeAt(k)).append(' ').append(s.param).append(" = ").append(element).append("; ");
        }
        s.statements.forEach(st -> body.append(st).append(' '));
        if (s.op.equals("flatMapToDouble")) {
          String row = s.param == null ? element : s.value.toString();
          String j = elementIndex();
          body.append("for (int ").append(j).append(" = 0; ").append(j).append(" < ").append(row).append(".length; ")
              .append(j).append("++) { ");
          closes++;
          element = row + "[" + j + "]";
        } else if (s.param == null) {
          MethodCallExpr call = ((MethodCallExpr) s.value).clone();
          String applied = call.addArgument(StaticJavaParser.parseExpression(element)).toString();
          if (s.op.equals("filter")) {
            body.append("if (").append(applied).append(") { ");
            closes++;
          } else {
            element = applied;
          }
        } else if (s.op.equals("filter")) {
          body.append("if (").append(s.value).append(") { ");
          closes++;
          element = s.param;
        } else {
          element = s.value.toString();
        }
      }
      body.append(use.formatted(element));
      body.append(" }".repeat(closes));
      return head + " { " + body + " }";
    }

    /** The index of the loop over a flattened row's elements, inside the loop over the rows. */
    private String elementIndex() {
      if (elementIndex == null) {
        Set<String> names = visible();
        names.add(index);
        elementIndex = SourceRewrites.fresh("j", names);
      }
      return elementIndex;
    }

    /** The last stage the loop runs: all for a use of the element; up to the last that counts for a count. */
    private int lastNeeded(boolean readsElement) {
      int last = chain.stages.size() - 1;
      while (!readsElement && last >= 0 && !chain.stages.get(last).counts()) {
        last--;
      }
      return last;
    }

    /**
     * The declaration {@code T name = <stream>;} the loop may compute into directly: a max or min
     * given its value without orElse, or an array not filtered, declared with the type of the value.
     */
    private Optional<VariableDeclarator> declaredFor(String r, String finisher, boolean filtered) {
      Optional<VariableDeclarator> v = declared(holder);
      boolean direct = OPTIONAL_REDUCTIONS.contains(r) && !r.equals("average") && !finisher.equals("orElse")
          && v.filter(d -> d.getType().asString().equals("double")).isPresent()
          || r.equals("toArray") && !filtered && v.filter(d -> d.getType().asString().equals("double[]")).isPresent()
          || r.equals("count") && filtered && v.filter(d -> d.getType().asString().equals("long")).isPresent();
      return direct ? v : Optional.empty();
    }

    /** The one variable {@code holder} declares, if the chain is its whole initializer. */
    private Optional<VariableDeclarator> declared(Statement holder) {
      if (holder instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d
          && d.getVariables().size() == 1 && d.getVariables().get(0).getInitializer().orElse(null) == chain.top) {
        return Optional.of(d.getVariables().get(0));
      }
      return Optional.empty();
    }

    /** A value in a message's text: a literal as its digits, anything else concatenated. */
    private static String piece(String e) {
      return Double.isNaN(literal(e)) ? "\" + " + e + " + \"" : e;
    }

    /** A string literal with pieces concatenated, without the empty strings they leave. */
    private static String text(String quoted) {
      return quoted.replace(" + \"\"", "").replace("\"\" + ", "");
    }

    private static String paren(String e) {
      return e.matches("[\\w.]+(\\([^()]*\\))?") ? e : "(" + e + ")"; // a name, a field, a call of them
    }

    /** The value of an int literal; {@code NaN} for anything else. */
    private static double literal(String e) {
      return e.matches("\\d+") ? Double.parseDouble(e) : Double.NaN;
    }
  }
}
