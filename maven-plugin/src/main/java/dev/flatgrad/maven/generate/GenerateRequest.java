package dev.flatgrad.maven.generate;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@link Generator} needs, collected by the {@code generate} goal.
 *
 * @param sourceRoots the compile source roots to read
 * @param outputDirectory where generated sources go; never read as input
 * @param stateFile where the digests of the last run are kept
 * @param encoding the encoding of the sources, also used for the generated ones
 * @param classpath the compile classpath, to answer questions about classes outside the sources
 * @param toolVersion the plugin's version: another version regenerates everything
 * @param dumpIr whether to keep a printout of the IR after each stage
 * @param release the Java release the sources are written for (0: the newest the parser knows)
 */
public record GenerateRequest(
    List<Path> sourceRoots,
    Path outputDirectory,
    Path stateFile,
    Charset encoding,
    List<Path> classpath,
    String toolVersion,
    boolean dumpIr,
    int release) {

  public GenerateRequest {
    sourceRoots = List.copyOf(sourceRoots);
    classpath = List.copyOf(classpath);
  }
}
