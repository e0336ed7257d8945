package dev.flatgrad.maven.sources;

import dev.flatgrad.processor.ir.Type;
import java.util.Optional;

/**
 * The engine's type for a primitive element kind and array rank, if the engine has one: the
 * engine decides which ranks it supports, so the plugin follows it rather than repeating the
 * limit.
 */
final class EngineTypes {

  private EngineTypes() {}

  static Optional<Type> of(Type.Prim prim, int rank) {
    if (prim == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Type(prim, rank));
    } catch (IllegalArgumentException unsupportedRank) {
      return Optional.empty();
    }
  }
}
