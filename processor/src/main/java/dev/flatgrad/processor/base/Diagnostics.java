package dev.flatgrad.processor.base;

import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics for one source file: report and continue. */
public final class Diagnostics {

  private final String file;
  private final List<Diagnostic> all = new ArrayList<>();

  public Diagnostics(String file) {
    this.file = file;
  }

  public void error(Pos pos, Tag tag, String message) {
    all.add(new Diagnostic(Diagnostic.Severity.ERROR, file, pos, tag, message));
  }

  /** Reports the problem, unless it only follows from one reported before. */
  public void error(Problem p) {
    if (!p.isFollowOn()) {
      error(p.pos(), p.tag(), p.getMessage());
    }
  }


  public int errorCount() {
    return (int) all.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
  }

  public List<Diagnostic> all() {
    return List.copyOf(all);
  }
}
