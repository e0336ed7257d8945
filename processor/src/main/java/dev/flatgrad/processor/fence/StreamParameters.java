package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters of a chain's functions, which become locals of one loop body: renamed where one
 * would hide another name there.
 */
final class StreamParameters {

  private StreamParameters() {}

  /**
   * The stages with each parameter renamed where the loop would make it hide another name of the
   * chain: another stage's parameter or a local of its block, or a name (a field) its other parts read.
   */
  static List<StreamStage> renamed(List<StreamStage> stages, MethodCallExpr top, Set<String> taken) {
    List<StreamStage> out = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    for (StreamStage s : stages) {
      for (Statement st : s.statements()) {
        for (VariableDeclarator v : st.findAll(VariableDeclarator.class)) {
          if (!declared.add(v.getNameAsString())) {
            throw new UnsupportedStream(v, "two functions of this stream declare `" + v.getNameAsString()
                + "`: rename one");
          }
        }
      }
    }
    String element = null; // the variable holding the element a stage takes, if one does
    String from = null; // a flatMapToDouble's parameter renamed, in the stages its function wrote
    String to = null;
    int reach = 0;
    for (StreamStage given : stages) {
      StreamStage s = given;
      if (reach > 0) {
        s = reading(s, from, to);
        reach--;
      }
      if (s.param() == null) {
        out.add(s);
        element = null;
        continue;
      }
      // A filter's parameter holds the element the next stage takes: the same variable if the same name.
      boolean reused = s.param().equals(element);
      String param = s.param();
      boolean hides = !top.findAll(NameExpr.class, n -> n.getNameAsString().equals(param) && !boundIn(n, param, top))
          .isEmpty();
      element = null;
      if (!hides && (reused || declared.add(s.param()))) {
        out.add(s);
        element = s.op().equals("filter") ? s.param() : null;
        continue;
      }
      String name = SourceRewrites.fresh(s.param(), taken);
      declared.add(name);
      StreamStage read = reading(s, s.param(), name);
      out.add(new StreamStage(s.op(), name, read.statements(), read.value(), s.inner()));
      element = s.op().equals("filter") ? name : null;
      if (s.inner() > 0) {
        from = s.param();
        to = name;
        reach = s.inner();
      }
    }
    return out;
  }

  /** The stage with {@code from} read as {@code to} in its function (its parameter as it was). */
  private static StreamStage reading(StreamStage s, String from, String to) {
    return new StreamStage(s.op(), s.param(), s.statements().stream().map(st -> rename(st.clone(), from, to)).toList(),
        rename(s.value().clone(), from, to), s.inner());
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
}
