package dev.flatgrad.processor.base;

/**
 * The catalogue of problems flatgrad reports in user code: each tag's text, which users see in
 * brackets before the message ({@code [FlatgradType] ...}) and may search for, and what it covers.
 * The texts are stable: build logs, tests and users' notes name them.
 */
public enum Tag {
  PARSE("FlatgradParse", "the file does not parse at the language level of its release"),
  METHOD_SHAPE("FlatgradMethodShape", "the @Differentiable method itself: no body, generic, varargs,"
      + " a result other than double, double[] or double[][], wrt not written as string literals"),
  WRT("FlatgradWrt", "wrt names no parameter, a parameter that is not differentiable, or one twice"),
  MODE("FlatgradMode", "a forward mode (tangent, hessian, jacobian) that cannot be generated as asked"),
  UNSUPPORTED("FlatgradUnsupported", "a construct outside the supported language, with what to write instead"),
  TYPE("FlatgradType", "a type flatgrad does not support, or a value of another type than the code needs"),
  FLOAT("FlatgradFloat", "a float value or literal: flatgrad computes in double"),
  RANK("FlatgradRank", "an array of rank 3 or more other than a double[][][] parameter, or an element of one"),
  UNKNOWN_NAME("FlatgradUnknownName", "a name that is no parameter, local or readable field"),
  UNKNOWN_CALL("FlatgradUnknownCall", "a call flatgrad cannot resolve: an unknown method, no overload for"
      + " the arguments, a function without a rule, a stream"),
  FIELD_WRITE("FlatgradFieldWrite", "a write to a field: a @Differentiable method changes no state"),
  PARAMETER_WRITE("FlatgradParameterWrite", "a write into an array parameter or one of its rows: generated"
      + " code never changes its inputs"),
  ALIASING("FlatgradAliasing", "a write through an array that shares its storage with another variable"),
  NO_GRADIENT("FlatgradNoGradient", "a call on the differentiated path that a gradient cannot pass through"),
  NO_TANGENT("FlatgradNoTangent", "a call whose tangent (or Hessian-vector product) a forward mode needs"
      + " and nothing generates"),
  RECURSION("FlatgradRecursion", "a method that calls itself, directly or through others"),
  CUSTOM_GRADIENT("FlatgradCustomGradient", "a @CustomGradient method whose target or signature is wrong"),
  CUSTOM_TANGENT("FlatgradCustomTangent", "a @CustomTangent method whose target or signature is wrong"),
  CHECK_INPUTS("FlatgradCheckInputs", "a @CheckInputs attribute flatgrad cannot read, such as a step that is"
      + " no number in [0, 1) written in place"),
  FOLLOW_ON("FlatgradFollowOn", "a use of a local whose declaration was rejected, or a construct the fence"
      + " rejected: it stops the statement and is never reported"),
  INTERNAL("FlatgradInternal", "a bug in flatgrad: an exception inside the engine, reported on the method");

  private final String text;
  private final String covers;

  Tag(String text, String covers) {
    this.text = text;
    this.covers = covers;
  }

  /** The tag as users see it: {@code FlatgradType}. */
  public String text() {
    return text;
  }

  /** What problems the tag is used for, as the catalogue in the documentation says. */
  public String covers() {
    return covers;
  }

  @Override
  public String toString() {
    return text;
  }
}
