package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct and mutual recursion among the differentiated methods of a class: an error on the
 * call that closes the cycle. (A differentiated call runs the callee's gradient method, which
 * would run the caller's again.) A call is taken to reach the overloads of its name and arity
 * that its arguments' types, as far as the source tells them ({@link ArgumentTypes}), allow:
 * {@code norm(double[][] m)} calling {@code norm(m[i])} reaches {@code norm(double[])} only.
 */
final class Recursion {

  private Recursion() {}

  static List<Problem> check(String className, List<GradientMethods.Entry> entries) {
    Map<String, List<MethodDeclaration>> byName = new HashMap<>();
    for (GradientMethods.Entry e : entries) {
      if (!e.isCustom()) {
        byName.computeIfAbsent(e.method().getNameAsString(), k -> new ArrayList<>()).add(e.method());
      }
    }
    // What each call may reach, once: the call graph is built from it and the errors point at it.
    Map<MethodCallExpr, List<MethodDeclaration>> reachedBy = new IdentityHashMap<>();
    Map<MethodDeclaration, List<MethodDeclaration>> calls = new IdentityHashMap<>();
    byName.values().forEach(ms -> ms.forEach(m -> {
      List<MethodDeclaration> callees = new ArrayList<>();
      for (MethodCallExpr call : localCalls(m, className)) {
        List<MethodDeclaration> reached = reached(call, m, byName);
        reachedBy.put(call, reached);
        callees.addAll(reached);
      }
      calls.put(m, callees);
    }));
    List<Problem> problems = new ArrayList<>();
    for (GradientMethods.Entry e : entries) {
      if (e.isCustom()) {
        continue;
      }
      MethodDeclaration caller = e.method();
      for (MethodCallExpr call : localCalls(caller, className)) {
        for (MethodDeclaration callee : reachedBy.get(call)) {
          List<MethodDeclaration> path = pathBack(callee, caller, calls);
          if (path != null) {
            problems.add(new Problem(Nodes.pos(call), Tag.RECURSION, "recursion: " + how(caller, callee, path)
                + "; flatgrad differentiates non-recursive code: write the recursion as a loop"));
            break;
          }
        }
      }
    }
    return problems;
  }

  private static String how(MethodDeclaration caller, MethodDeclaration callee, List<MethodDeclaration> path) {
    String name = caller.getNameAsString();
    if (callee == caller) {
      return "`" + name + "` calls itself";
    }
    String through = path.size() > 2
        ? " (through " + String.join(", ", path.subList(1, path.size() - 1).stream()
            .map(MethodDeclaration::getNameAsString).toList()) + ")"
        : "";
    return "`" + name + "` calls `" + callee.getNameAsString() + "`, which calls `" + name + "` back" + through;
  }

  /** The calls in {@code m}'s body of methods of this class: unqualified, on {@code this}, or on the class's name. */
  private static List<MethodCallExpr> localCalls(MethodDeclaration m, String className) {
    return m.findAll(MethodCallExpr.class).stream()
        .filter(call -> call.getScope().isEmpty()
            || call.getScope().get() instanceof ThisExpr
            || call.getScope().get() instanceof NameExpr n && n.getNameAsString().equals(className))
        .toList();
  }

  /** The differentiated methods {@code call} (in {@code caller}) may invoke. */
  private static List<MethodDeclaration> reached(MethodCallExpr call, MethodDeclaration caller,
      Map<String, List<MethodDeclaration>> byName) {
    return byName.getOrDefault(call.getNameAsString(), List.of()).stream()
        .filter(m -> ArgumentTypes.mayTake(m, call, caller))
        .toList();
  }

  /** A chain of calls from {@code from} back to {@code to}, both included, or null. */
  private static List<MethodDeclaration> pathBack(MethodDeclaration from, MethodDeclaration to,
      Map<MethodDeclaration, List<MethodDeclaration>> calls) {
    Map<MethodDeclaration, MethodDeclaration> parent = new IdentityHashMap<>();
    List<MethodDeclaration> queue = new ArrayList<>(List.of(from));
    parent.put(from, null);
    for (int i = 0; i < queue.size(); i++) {
      MethodDeclaration m = queue.get(i);
      if (m == to) {
        List<MethodDeclaration> path = new ArrayList<>();
        for (MethodDeclaration x = m; x != null; x = parent.get(x)) {
          path.add(0, x);
        }
        return path;
      }
      for (MethodDeclaration next : calls.getOrDefault(m, List.of())) {
        if (!parent.containsKey(next)) {
          parent.put(next, m);
          queue.add(next);
        }
      }
    }
    return null;
  }
}
