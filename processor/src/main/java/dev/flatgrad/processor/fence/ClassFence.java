package dev.flatgrad.processor.fence;

import com.github.javaparser.ast.body.TypeDeclaration;
import dev.flatgrad.processor.base.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The fence on a class: the methods that get a generated gradient ({@link GradientMethods}), and
 * what is wrong among them: {@code @CustomGradient} and {@code @CustomTangent} signatures, records
 * of two methods that would have one name, and recursion. Each method's own problems are {@link
 * Fence}'s.
 *
 * @param entries the methods with a gradient, in declaration order
 * @param problems the annotations' and records' problems: the class is not generated
 * @param recursion calls that close a cycle of differentiated methods: the class is not generated
 */
public record ClassFence(List<GradientMethods.Entry> entries, List<Problem> problems, List<Problem> recursion) {

  public static ClassFence of(TypeDeclaration<?> type) {
    List<GradientMethods.Entry> entries = GradientMethods.of(type);
    List<Problem> problems = new ArrayList<>(CustomGradientSignatures.check(type));
    problems.addAll(CustomTangentSignatures.check(type, entries));
    problems.addAll(RecordNames.check(entries));
    return new ClassFence(entries, List.copyOf(problems), Recursion.check(type.getNameAsString(), entries));
  }
}
