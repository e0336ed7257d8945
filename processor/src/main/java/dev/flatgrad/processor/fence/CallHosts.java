package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import java.util.List;

/** The statement a call written in place ({@link RecordMethods}) is computed in, and putting its body before it. */
final class CallHosts {

  private CallHosts() {}

  /** The statement the call's value is computed in, the one its body goes before; null if none. */
  static Statement of(Node call) {
    Node n = call.getParentNode().orElse(null);
    while (n != null && !(n instanceof Statement)) {
      n = n.getParentNode().orElse(null);
    }
    return (Statement) n;
  }

  /** Whether {@code call} is a statement of its own, its result (if any) unused: {@code fill(out, x);}. */
  static boolean discards(Node call) {
    return call.getParentNode().orElse(null) instanceof ExpressionStmt e && e.getExpression() == call;
  }

  /** Puts {@code stmts} before {@code host} (in its place where {@code replace}), in its block or case. */
  static void place(Statement host, List<Statement> stmts, boolean replace) {
    Statement at = host.getParentNode().orElse(null) instanceof LabeledStmt l ? l : host;
    NodeList<Statement> list = at.getParentNode().orElse(null) instanceof BlockStmt b ? b.getStatements()
        : at.getParentNode().orElse(null) instanceof SwitchEntry e ? e.getStatements() : null;
    if (list == null) {
      BlockStmt block = SourceRewrites.at(new BlockStmt(), at);
      at.replace(block);
      list = block.getStatements();
      list.add(at);
    }
    int index = SourceRewrites.indexOf(list, at);
    if (replace) {
      list.remove(index);
    }
    list.addAll(index, stmts);
  }
}
