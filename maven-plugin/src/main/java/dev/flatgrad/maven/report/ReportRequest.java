package dev.flatgrad.maven.report;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link Reporter} needs, collected by the {@code report} goal.
 *
 * @param sourceRoots the compile source roots to read
 * @param excludedRoots roots never read as input, such as the {@code generate} goal's output
 * @param encoding the encoding of the sources
 * @param classpath the compile classpath, to answer the engine's questions about other classes
 * @param reportDirectory where {@code index.html} and the method pages go
 * @param title what the pages call the project
 * @param release the Java release the sources are written for (0: the newest the parser knows)
 */
public record ReportRequest(
    List<Path> sourceRoots,
    List<Path> excludedRoots,
    Charset encoding,
    List<Path> classpath,
    Path reportDirectory,
    String title,
    int release) {

  public ReportRequest {
    sourceRoots = List.copyOf(sourceRoots);
    excludedRoots = List.copyOf(excludedRoots);
    classpath = List.copyOf(classpath);
  }
}
