package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.body.MethodDeclaration;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.Nodes;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.lower.ClassContext;
import java.util.List;

/** Stage: reports. What the report goal shows of each method a class's emission took. */
final class MethodReports {

  /** A method as emitted: its declaration, and what the emitter made of it. */
  record Emitted(MethodDeclaration method, GradClassEmitter.Added gradient, ModeEmitter.Added modes) {}

  private MethodReports() {}

  static List<MethodReport> of(ClassContext cls, ClassRef generated, ClassEmission.Source source,
      List<Emitted> emitted) {
    return emitted.stream().map(e -> of(cls, generated, source, e)).toList();
  }

  private static MethodReport of(ClassContext cls, ClassRef generated, ClassEmission.Source source, Emitted e) {
    MethodDeclaration m = e.method();
    String text = m.getRange()
        .map(r -> String.join("\n", source.text().lines().toList().subList(r.begin.line - 1, r.end.line)))
        .orElseGet(m::toString);
    return new MethodReport(cls.self().qualifiedName(), m.getNameAsString(), Nodes.pos(m.getName()).line(),
        generated.qualifiedName(), text.stripIndent(), e.gradient().gradientSource().get(), e.gradient().graph().get(),
        e.modes().tangentSource(), e.modes().hvpSource());
  }
}
