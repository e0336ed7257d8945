package dev.flatgrad.processor.engine;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.palantir.javapoet.JavaFile;
import dev.flatgrad.processor.emit.GradClassEmitter;
import dev.flatgrad.processor.emit.ModeEmitter;
import dev.flatgrad.processor.fence.GradientMethods;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.lower.ClassContext;
import dev.flatgrad.processor.lower.CopiedConstants;
import dev.flatgrad.processor.lower.UserMethods;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stage: class emission. The generated class of one source class, method by method in the order of
 * its entries: the gradient method with its record, check and pullback, the tangent and
 * second-order methods asked for, then the private constants the method reads.
 */
final class ClassEmission {

  /**
   * The source file a class is in.
   *
   * @param text its text, which reports quote
   * @param simpleName its file name without directories
   * @param auxiliary its top-level classes not named after it ({@code Q} in {@code P.java})
   */
  record Source(String text, String simpleName, Set<ClassRef> auxiliary) {

    static Source of(CompilationUnit unit, String text, String fileName) {
      String simpleName = fileName.substring(fileName.lastIndexOf('/') + 1);
      String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      String primary = simpleName.endsWith(".java") ? simpleName.substring(0, simpleName.length() - 5) : simpleName;
      Set<ClassRef> auxiliary = new HashSet<>();
      for (TypeDeclaration<?> t : unit.getTypes()) {
        if (!t.getNameAsString().equals(primary)) {
          auxiliary.add(new ClassRef(pkg, t.getNameAsString()));
        }
      }
      return new Source(text, simpleName, Set.copyOf(auxiliary));
    }
  }

  private final GradClassEmitter emitter;

  ClassEmission(ClassContext cls, ClassRef generated, Source source, List<GradientMethods.Entry> entries,
      boolean markGenerated) {
    this.emitter = new GradClassEmitter(cls.self(), generated, source.simpleName(), markGenerated,
        new GradClassEmitter.Reserved(cls.fieldNames(), cls.methodNames(),
            entries.stream().map(GradientMethods.Entry::recordName).collect(Collectors.toSet())),
        source.auxiliary(), callee -> UserMethods.privateParameterNames(cls, callee));
  }

  /** Adds one method's generated code; {@code step} is its {@code @CheckInputs} step. */
  MethodReports.Emitted add(GradientMethods.Entry entry, MethodPipeline.Output method,
      List<CopiedConstants.Constant> constants, OptionalDouble step) {
    GradClassEmitter.Added gradient = emitter.add(method.method(), step);
    ModeEmitter.Added modes = emitter.addModes(method.modes(), step);
    constants.forEach(emitter::addConstant);
    return new MethodReports.Emitted(entry.method(), gradient, modes);
  }

  JavaFile build() {
    return emitter.build();
  }
}
