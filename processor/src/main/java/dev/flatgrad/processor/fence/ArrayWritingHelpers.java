package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.type.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Methods of the file that write into an array they are given, as Java's numeric code does
 * ({@code static void matVec(double[][] W, double[] x, double[] out)}, {@code normalise(v)}, an
 * {@code axpy} into its {@code y}): the array is the caller's, so the method is not a function of its
 * parameters, and {@link RecordMethods} writes it where it is called instead, the written parameter
 * read as the caller's array. A write is an element's assignment, compound assignment or increment
 * on a parameter, on a local or enhanced {@code for} variable holding it or one of its rows, {@code
 * Arrays.fill} or {@code System.arraycopy} into one, or passing one on to such a method.
 */
final class ArrayWritingHelpers {

  /** How deep through the file's methods a parameter passed on is followed; deeper is taken to be written. */
  private static final int DEPTH = 4;

  private ArrayWritingHelpers() {}

  /** Whether {@code m} writes into an array parameter. */
  static boolean writesParameter(MethodDeclaration m) {
    return !written(m, 0).isEmpty();
  }

  /** The positions of {@code m}'s array parameters it writes into. */
  static Set<Integer> writtenParameters(MethodDeclaration m) {
    return written(m, 0);
  }

  /** Whether {@code m} calls itself, directly or through other methods of the file. */
  static boolean recursive(MethodDeclaration m) {
    Set<MethodDeclaration> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    java.util.Deque<MethodDeclaration> work = new java.util.ArrayDeque<>(List.of(m));
    while (!work.isEmpty()) {
      MethodDeclaration next = work.poll();
      for (MethodCallExpr c : next.getBody().map(b -> b.findAll(MethodCallExpr.class)).orElse(List.of())) {
        for (MethodDeclaration callee : ImplicitHelpers.overloadsCalled(next, c)) {
          if (callee == m) {
            return true;
          }
          if (seen.add(callee)) {
            work.add(callee);
          }
        }
      }
    }
    return false;
  }

  /** Whether {@code m} writes into a {@code double[]} or {@code double[][]} parameter: an array flatgrad differentiates. */
  static boolean writesNumbers(MethodDeclaration m) {
    return written(m, 0).stream().anyMatch(i -> isDoubleArray(m.getParameter(i).getType()));
  }

  /** The positions of {@code m}'s array parameters its body writes into. */
  private static Set<Integer> written(MethodDeclaration m, int depth) {
    Set<Integer> out = new HashSet<>();
    if (m.getBody().isEmpty()) {
      return out;
    }
    Map<String, Integer> roots = roots(m);
    for (AssignExpr a : m.getBody().get().findAll(AssignExpr.class)) {
      element(a.getTarget(), roots).ifPresent(out::add);
    }
    for (UnaryExpr u : m.getBody().get().findAll(UnaryExpr.class, u -> SourceRewrites.isStep(u.getOperator()))) {
      element(u.getExpression(), roots).ifPresent(out::add);
    }
    for (MethodCallExpr c : m.getBody().get().findAll(MethodCallExpr.class)) {
      for (int i : writtenArguments(c, m, depth)) {
        root(c.getArgument(i), roots).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The arguments {@code c} writes into: a library's that fill their array, a writing method of the file's. */
  private static Set<Integer> writtenArguments(MethodCallExpr c, MethodDeclaration in, int depth) {
    String scope = c.getScope().map(Object::toString).orElse("");
    String name = c.getNameAsString();
    if ((scope.equals("Arrays") || scope.equals("java.util.Arrays"))
        && (name.equals("fill") || name.equals("setAll") || name.equals("sort")) && c.getArguments().size() >= 1) {
      return Set.of(0);
    }
    if ((scope.equals("System") || scope.equals("java.lang.System")) && name.equals("arraycopy")
        && c.getArguments().size() == 5) {
      return Set.of(2);
    }
    Set<Integer> out = new HashSet<>();
    for (MethodDeclaration callee : ImplicitHelpers.overloadsCalled(in, c)) {
      if (callee == in || depth >= DEPTH) {
        for (int i = 0; i < c.getArguments().size(); i++) {
          out.add(i); // a recursion, or too deep to follow: any array it is given may be written
        }
      } else if (callee.getParameters().size() == c.getArguments().size()) {
        out.addAll(written(callee, depth + 1));
      }
    }
    return out;
  }

  /**
   * The parameter (by position) each name of {@code m} may hold as an array or a row of one: the
   * array parameters themselves, locals declared from them ({@code double[] row = out[i];}) and
   * enhanced {@code for} variables over them.
   */
  private static Map<String, Integer> roots(MethodDeclaration m) {
    Map<String, Integer> roots = new HashMap<>();
    List<Parameter> params = m.getParameters();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).getType().isArrayType() || params.get(i).isVarArgs()) {
        roots.put(params.get(i).getNameAsString(), i);
      }
    }
    for (int round = 0; round < 3; round++) { // locals from locals from parameters
      for (VariableDeclarator v : m.getBody().get().findAll(VariableDeclarator.class)) {
        if (v.getParentNode().orElse(null) instanceof com.github.javaparser.ast.expr.VariableDeclarationExpr d
            && d.getParentNode().orElse(null) instanceof ForEachStmt f) {
          root(f.getIterable(), roots).ifPresent(i -> roots.putIfAbsent(v.getNameAsString(), i));
        } else if (!v.getType().isPrimitiveType()) {
          v.getInitializer().flatMap(init -> root(init, roots)).ifPresent(i -> roots.putIfAbsent(v.getNameAsString(), i));
        }
      }
      for (AssignExpr a : m.getBody().get().findAll(AssignExpr.class, a -> a.getOperator() == AssignExpr.Operator.ASSIGN
          && a.getTarget() instanceof NameExpr)) {
        root(a.getValue(), roots).ifPresent(i -> roots.putIfAbsent(((NameExpr) a.getTarget()).getNameAsString(), i));
      }
    }
    return roots;
  }

  /** The parameter an element written at {@code target} belongs to, if it is one's. */
  private static Optional<Integer> element(Expression target, Map<String, Integer> roots) {
    return target instanceof ArrayAccessExpr a ? root(a.getName(), roots) : Optional.empty();
  }

  /** The parameter the array {@code e} is, or is a row of. */
  private static Optional<Integer> root(Expression e, Map<String, Integer> roots) {
    return arrayRoot(e) instanceof NameExpr n ? Optional.ofNullable(roots.get(n.getNameAsString())) : Optional.empty();
  }

  /** The array {@code e} is an element or row of, at any depth ({@code m} of {@code m[i][j]}), or {@code e} itself. */
  static Expression arrayRoot(Expression e) {
    while (e instanceof ArrayAccessExpr || e instanceof EnclosedExpr) {
      e = e instanceof ArrayAccessExpr a ? a.getName() : ((EnclosedExpr) e).getInner();
    }
    return e;
  }

  private static boolean isDoubleArray(Type t) {
    return t.isArrayType() && t.getElementType().asString().equals("double");
  }
}
