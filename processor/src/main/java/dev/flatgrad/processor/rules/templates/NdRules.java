package dev.flatgrad.processor.rules.templates;

/** Adjoint rules of dev.flatgrad.runtime.Nd (filled in with the vectorized runtime). */
@SuppressWarnings("unused")
final class NdRules {

  private NdRules() {}
}
