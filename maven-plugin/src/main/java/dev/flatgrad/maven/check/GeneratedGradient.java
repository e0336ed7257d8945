package dev.flatgrad.maven.check;

import dev.flatgrad.processor.naming.GeneratedNames;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient flatgrad generated: {@code FooGrad.m(args[, dout])}, whose result record holds the
 * value and one component {@code d<param>} per differentiated parameter (the generated API).
 */
final class GeneratedGradient implements GradientSource {

  private final Method method;
  private final List<String> paramNames;

  GeneratedGradient(Method method, List<String> paramNames) {
    this.method = method;
    this.paramNames = List.copyOf(paramNames);
    method.setAccessible(true);
  }

  @Override
  public Computed compute(Object[] args, Object dout) throws InvocationTargetException {
    Object[] call = dout == null ? copies(args) : append(copies(args), InputPlan.copy(dout));
    Object record;
    try {
      record = method.invoke(null, call);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method, e);
    }
    Map<String, Object> gradient = new LinkedHashMap<>();
    Object value = null;
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals("value")) {
        value = read(record, c);
      }
      for (String name : paramNames) {
        if (c.getName().equals(GeneratedNames.gradientComponent(name, paramNames))) {
          gradient.put(name, read(record, c));
        }
      }
    }
    return new Computed(value, gradient);
  }

  private static Object read(Object record, RecordComponent c) throws InvocationTargetException {
    try {
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }

  static Object[] copies(Object[] args) {
    return Arrays.stream(args).map(InputPlan::copy).toArray();
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }
}
