package dev.flatgrad.processor.base;

import dev.flatgrad.processor.ir.Pos;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Collects diagnostics for one source file: report and continue. */
public final class Diagnostics {

  private final String file;
  private final List<Diagnostic> all;
  /** How a message reported here is worded for the user, given where it is. */
  private final BiFunction<Pos, String, String> wording;

  public Diagnostics(String file) {
    this(file, new ArrayList<>(), (pos, message) -> message);
  }

  private Diagnostics(String file, List<Diagnostic> all, BiFunction<Pos, String, String> wording) {
    this.file = file;
    this.all = all;
    this.wording = wording;
  }

  /**
   * These diagnostics, each message reported through the view worded by {@code wording} (a
   * method's names as its user wrote them) before it is kept with the others.
   */
  public Diagnostics worded(BiFunction<Pos, String, String> wording) {
    return new Diagnostics(file, all, (pos, message) -> wording.apply(pos, this.wording.apply(pos, message)));
  }

  /** Reports an error, once: a method's body written in place twice finds its problems twice. */
  public void error(Pos pos, Tag tag, String message) {
    Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, file, pos, tag, wording.apply(pos, message));
    if (!all.contains(d)) {
      all.add(d);
    }
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
