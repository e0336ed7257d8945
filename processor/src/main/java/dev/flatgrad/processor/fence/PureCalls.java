package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Calls that change nothing their statement's other calls could see: Math's, StrictMath's, Nd's, a
 * record's accessor, and a method of the file that writes only its own locals and the arrays it
 * creates ({@code double[] h = new double[n]; h[j] = ...}) and calls only such methods. Such a call
 * may run after a call written in place before its statement ({@link InPlaceOrder}).
 */
final class PureCalls {

  private static final Set<String> FUNCTIONS = Set.of("Math", "StrictMath", "Nd");


  /** How deep through the file's methods a call is followed; deeper is taken to change something. */
  private static final int DEPTH = 4;

  private PureCalls() {}

  /** Whether {@code c}, written in {@code in}, changes nothing. */
  static boolean changesNothing(MethodCallExpr c, MethodDeclaration in) {
    return changesNothing(c, in, 0);
  }

  private static boolean changesNothing(MethodCallExpr c, MethodDeclaration in, int depth) {
    Optional<Expression> scope = c.getScope();
    if (scope.filter(x -> x instanceof NameExpr n && FUNCTIONS.contains(n.getNameAsString())).isPresent()
        || c.getArguments().isEmpty() && scope.flatMap(x -> RecordTypes.of(x, in))
            .flatMap(r -> RecordTypes.component(r, c.getNameAsString())).isPresent()) {
      return true;
    }
    List<MethodDeclaration> callees = ImplicitHelpers.overloadsCalled(in, c);
    return depth < DEPTH && !callees.isEmpty() && (scope.isEmpty() || ImplicitHelpers.ownerOf(in, c).isPresent())
        && callees.stream().allMatch(m -> m.isStatic() && writesOnlyItsOwn(m, depth));
  }

  private static boolean writesOnlyItsOwn(MethodDeclaration m, int depth) {
    if (m.getBody().isEmpty()) {
      return false;
    }
    Node body = m.getBody().get();
    return body.findAll(AssignExpr.class).stream().allMatch(a -> own(a.getTarget(), m))
        && body.findAll(UnaryExpr.class, u -> SourceRewrites.isStep(u.getOperator())).stream()
            .allMatch(u -> own(u.getExpression(), m))
        && body.findAll(MethodCallExpr.class).stream().allMatch(c -> changesNothing(c, m, depth + 1));
  }

  /** Whether writing {@code target} in {@code m} writes a local of its own or an element of an array it created. */
  private static boolean own(Expression target, MethodDeclaration m) {
    if (target instanceof NameExpr n) {
      return m.getParameterByName(n.getNameAsString()).isPresent() || local(n, m).isPresent();
    }
    Expression array = target;
    while (array instanceof ArrayAccessExpr a) {
      array = a.getName();
    }
    return array != target && array instanceof NameExpr n && local(n, m)
        .filter(v -> v.getInitializer().filter(i -> i instanceof ArrayCreationExpr).isPresent()
            && Nodes.assignedNames(m).stream().noneMatch(x -> x.equals(n.getNameAsString())))
        .isPresent();
  }

  private static Optional<VariableDeclarator> local(NameExpr n, MethodDeclaration m) {
    List<VariableDeclarator> found = m.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(n.getNameAsString()));
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
