package dev.flatgrad.processor.fence;

import dev.flatgrad.processor.base.Problem;
import dev.flatgrad.processor.base.Tag;
import dev.flatgrad.processor.naming.GeneratedNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records a class's generated methods return must differ: a method asking for {@code tangent =
 * true} gets record {@code MTangent}, which is also the gradient record of a differentiated method
 * named {@code mTangent} (likewise {@code MSaved}, the record of the saved values a caller's
 * backward pass reads, and a method {@code mSaved}). Such a clash is an error on the later method, naming both.
 */
final class RecordNames {

  private RecordNames() {}

  static List<Problem> check(Iterable<GradientMethods.Entry> entries) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (GradientMethods.Entry e : entries) {
      owners.put(e.recordName(), "the gradient record of `" + e.method().getNameAsString() + "`");
    }
    for (GradientMethods.Entry e : entries) {
      for (Map.Entry<String, String> mode : modes(e).entrySet()) {
        String record = GeneratedNames.record(e.recordName(), mode.getKey());
        String previous = owners.putIfAbsent(record, "the " + mode.getValue() + " record of `"
            + e.method().getNameAsString() + "`");
        if (previous != null) {
          String what = mode.getKey().equals(GeneratedNames.SAVED)
              ? "` has a gradient that generated callers run through its saved values"
              : "` asks for its " + mode.getValue();
          problems.add(new Problem(Nodes.pos(e.method().getName()), Tag.MODE, "`" + e.method().getNameAsString()
              + what + ", whose record " + record + " is already " + previous + ": rename one of the methods"));
        }
      }
    }
    return problems;
  }

  /** The generated records of an entry beside its gradient's: mode suffix to what it holds. */
  private static Map<String, String> modes(GradientMethods.Entry e) {
    Map<String, String> out = new LinkedHashMap<>();
    if (e.modes().hasTangent()) {
      out.put(GeneratedNames.TANGENT, "tangent");
    }
    if (e.modes().hessian()) {
      out.put(GeneratedNames.HVP, "Hessian-vector product");
      out.put(GeneratedNames.HESSIAN, "Hessian");
    }
    if (e.modes().jacobian()) {
      out.put(GeneratedNames.JACOBIAN, "Jacobian");
    }
    if (GradientMethods.hasSavedForm(e)) {
      out.put(GeneratedNames.SAVED, "saved-values");
    }
    return out;
  }
}
