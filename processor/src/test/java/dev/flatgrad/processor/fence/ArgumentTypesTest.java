package dev.flatgrad.processor.fence;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.runtime.Nd;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link ArgumentTypes}' knowledge of the runtime, which the processor cannot load, against the runtime. */
class ArgumentTypesTest {

  @Test
  void ndNumbersAreTheNdMethodsWhoseEveryOverloadReturnsADouble() {
    Map<String, Set<Class<?>>> results = new TreeMap<>();
    for (Method m : Nd.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        results.computeIfAbsent(m.getName() + "/" + m.getParameterCount(), k -> new java.util.HashSet<>())
            .add(m.getReturnType());
      }
    }
    Set<String> numbers = new TreeSet<>();
    results.forEach((key, types) -> {
      if (types.equals(Set.of(double.class))) {
        numbers.add(key);
      }
    });
    assertThat(ArgumentTypes.ND_NUMBERS).containsExactlyElementsIn(numbers);
  }

  @Test
  void ndResultsAgreeWithEveryNdOverloadTheyName() {
    int checked = 0;
    for (Method m : Nd.class.getMethods()) {
      java.util.List<java.util.Optional<String>> arguments = java.util.Arrays.stream(m.getParameterTypes())
          .map(c -> java.util.Optional.of(c.getSimpleName())).toList();
      java.util.Optional<String> result = NdResults.of(m.getName(), arguments);
      if (Modifier.isStatic(m.getModifiers()) && result.isPresent()) {
        assertThat(result.get()).isEqualTo(m.getReturnType().getSimpleName());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }
}
