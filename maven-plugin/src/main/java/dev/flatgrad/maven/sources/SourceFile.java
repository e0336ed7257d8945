package dev.flatgrad.maven.sources;

import java.nio.file.Path;

/**
 * One Java source file of a compile source root, read once: its text and a digest of its
 * content.
 *
 * @param root the source root it was found under
 * @param path its absolute path
 * @param relative its path under the root, with {@code /} separators ({@code p/Foo.java})
 * @param text its content
 * @param digest the SHA-256 of its content, hex
 */
public record SourceFile(Path root, Path path, String relative, String text, String digest) {

  /**
   * Whether the file can hold a method flatgrad generates a gradient for ({@code @Differentiable},
   * or the target of a {@code @CustomGradient}): a cheap filter before parsing.
   */
  public boolean mentionsDifferentiable() {
    return text.contains("Differentiable") || text.contains("CustomGradient");
  }

  /** The file's name, {@code Foo.java}. */
  public String fileName() {
    return path.getFileName().toString();
  }
}
