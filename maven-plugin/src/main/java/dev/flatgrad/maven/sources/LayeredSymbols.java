package dev.flatgrad.maven.sources;

import dev.flatgrad.processor.base.Symbols;
import java.util.List;
import java.util.Optional;

/**
 * The project's sources first, then its classpath: a class found in the sources is answered from
 * them alone, as javac prefers the source it compiles over a stale class file of the same name.
 */
public record LayeredSymbols(Symbols sources, Symbols classpath) implements Symbols {

  @Override
  public boolean classExists(String qualifiedName) {
    return sources.classExists(qualifiedName) || classpath.classExists(qualifiedName);
  }

  @Override
  public Optional<Field> field(String qualifiedClass, String name) {
    return sources.classExists(qualifiedClass)
        ? sources.field(qualifiedClass, name)
        : classpath.field(qualifiedClass, name);
  }

  @Override
  public List<Method> methods(String qualifiedClass, String name) {
    return sources.classExists(qualifiedClass)
        ? sources.methods(qualifiedClass, name)
        : classpath.methods(qualifiedClass, name);
  }

  @Override
  public List<String> typeParameters(String qualifiedClass) {
    return sources.classExists(qualifiedClass)
        ? sources.typeParameters(qualifiedClass)
        : classpath.typeParameters(qualifiedClass);
  }
}
