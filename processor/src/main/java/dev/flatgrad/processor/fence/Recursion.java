package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Direct and mutual recursion among the differentiated methods of a class: an error on the
 * call that closes the cycle. (A differentiated call runs the callee's gradient method, which
 * would run the caller's again.) Methods are told apart by name and number of parameters, so an
 * overload calling another of a different arity ({@code norm(x)} calling {@code norm(x, 2)}) is
 * no cycle; overloads of one arity are taken as one method, which errs towards an error.
 */
final class Recursion {

  private Recursion() {}

  static List<Problem> check(String className, List<GradientMethods.Entry> entries) {
    List<Problem> problems = new ArrayList<>();
    Map<String, List<MethodDeclaration>> byName = new HashMap<>();
    for (GradientMethods.Entry e : entries) {
      if (!e.isCustom()) {
        byName.computeIfAbsent(key(e.method()), k -> new ArrayList<>()).add(e.method());
      }
    }
    for (GradientMethods.Entry e : entries) {
      if (e.isCustom()) {
        continue;
      }
      for (MethodCallExpr call : e.method().findAll(MethodCallExpr.class)) {
        boolean local = call.getScope().isEmpty()
            || call.getScope().get() instanceof ThisExpr
            || call.getScope().get() instanceof NameExpr n && n.getNameAsString().equals(className);
        if (!local || !byName.containsKey(key(call))) {
          continue;
        }
        String callee = call.getNameAsString();
        List<String> path = pathBack(key(call), key(e.method()), byName);
        if (path != null) {
          String caller = e.method().getNameAsString();
          String how = path.size() <= 1 && callee.equals(caller)
              ? "`" + caller + "` calls itself"
              : "`" + caller + "` calls `" + callee + "`, which calls `" + caller + "` back"
                  + (path.size() > 2 ? " (through " + String.join(", ", path.subList(1, path.size() - 1)) + ")" : "");
          problems.add(new Problem(Nodes.pos(call), Tag.RECURSION,
              "recursion: " + how + "; flatgrad differentiates non-recursive code: write the recursion as a loop"));
        }
      }
    }
    return problems;
  }

  /** A method's name and arity, {@code norm/2}. */
  private static String key(MethodDeclaration m) {
    return m.getNameAsString() + "/" + m.getParameters().size();
  }

  private static String key(MethodCallExpr call) {
    return call.getNameAsString() + "/" + call.getArguments().size();
  }

  /** A chain of calls from {@code from} back to {@code to} (method names), or null. */
  private static List<String> pathBack(String from, String to, Map<String, List<MethodDeclaration>> byName) {
    Map<String, String> parent = new HashMap<>();
    List<String> queue = new ArrayList<>(List.of(from));
    Set<String> seen = new HashSet<>(queue);
    for (int i = 0; i < queue.size(); i++) {
      String m = queue.get(i);
      if (m.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String x = m; x != null; x = parent.get(x)) {
          path.add(0, x.substring(0, x.lastIndexOf('/')));
        }
        return path;
      }
      for (MethodDeclaration d : byName.getOrDefault(m, List.of())) {
        for (MethodCallExpr call : d.findAll(MethodCallExpr.class)) {
          String next = key(call);
          if (byName.containsKey(next) && seen.add(next)) {
            parent.put(next, m);
            queue.add(next);
          }
        }
      }
    }
    return null;
  }
}
