package dev.flatgrad.maven.sources;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Finds and reads the {@code .java} files under a project's compile source roots. */
public final class SourceTree {

  private SourceTree() {}

  /**
   * Every {@code .java} file under {@code roots} (missing roots are skipped), in a stable order:
   * by root as given, then by path.
   *
   * @param excluded roots to leave out, such as the plugin's own output directory
   */
  public static List<SourceFile> scan(Collection<Path> roots, Collection<Path> excluded, Charset encoding)
      throws IOException {
    List<Path> skip = excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    List<SourceFile> out = new ArrayList<>();
    List<Path> seen = new ArrayList<>();
    for (Path given : roots) {
      Path root = given.toAbsolutePath().normalize();
      if (skip.contains(root) || seen.contains(root) || !Files.isDirectory(root)) {
        continue;
      }
      seen.add(root);
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(p -> p.getFileName().toString().endsWith(".java"))
            .filter(Files::isRegularFile)
            .filter(p -> skip.stream().noneMatch(p::startsWith))
            .sorted()
            .toList();
      }
      for (Path file : files) {
        out.add(read(root, file, encoding));
      }
    }
    return out;
  }

  /** Reads one file under {@code root}. */
  public static SourceFile read(Path root, Path file, Charset encoding) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    return new SourceFile(root, file.toAbsolutePath().normalize(), relative, new String(bytes, encoding),
        sha256(bytes));
  }

  /** The SHA-256 of {@code bytes}, hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The SHA-256 of {@code text} in UTF-8, hex. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
