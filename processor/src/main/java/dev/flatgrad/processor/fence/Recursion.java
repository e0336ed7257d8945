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
 * would run the caller's again.)
 */
final class Recursion {

  private Recursion() {}

  static List<Problem> check(String className, List<GradientMethods.Entry> entries) {
    List<Problem> problems = new ArrayList<>();
    Map<String, List<MethodDeclaration>> byName = new HashMap<>();
    for (GradientMethods.Entry e : entries) {
      if (!e.isCustom()) {
        byName.computeIfAbsent(e.method().getNameAsString(), k -> new ArrayList<>()).add(e.method());
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
        if (!local || !byName.containsKey(call.getNameAsString())) {
          continue;
        }
        String callee = call.getNameAsString();
        List<String> path = pathBack(callee, e.method().getNameAsString(), byName, className);
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

  /** A chain of calls from {@code from} back to {@code to}, or null. */
  private static List<String> pathBack(String from, String to, Map<String, List<MethodDeclaration>> byName, String className) {
    Map<String, String> parent = new HashMap<>();
    List<String> queue = new ArrayList<>(List.of(from));
    Set<String> seen = new HashSet<>(queue);
    for (int i = 0; i < queue.size(); i++) {
      String m = queue.get(i);
      if (m.equals(to)) {
        List<String> path = new ArrayList<>();
        for (String x = m; x != null; x = parent.get(x)) {
          path.add(0, x);
        }
        return path;
      }
      for (MethodDeclaration d : byName.getOrDefault(m, List.of())) {
        for (MethodCallExpr call : d.findAll(MethodCallExpr.class)) {
          String next = call.getNameAsString();
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
