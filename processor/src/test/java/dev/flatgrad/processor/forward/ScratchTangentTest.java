package dev.flatgrad.processor.forward;

import static dev.flatgrad.processor.testing.Flatgrad.compile;
import static dev.flatgrad.processor.testing.Flatgrad.generated;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTangentTest {
  @Test
  void print() throws Exception {
    String src = Files.readString(Path.of(System.getProperty("scratch.src", "/tmp/x/Src.java")));
    Compilation c = compile(source(src));
    System.out.println(c.diagnostics());
    String cls = src.replaceAll("(?s).*?package\\s+([\\w.]+);.*", "$1") + "." + src.replaceAll("(?s).*?class\\s+(\\w+).*", "$1") + "Grad";
    c.generatedSourceFile(cls).ifPresent(f -> {
      try { System.out.println(f.getCharContent(true)); } catch (Exception e) { throw new RuntimeException(e); }
    });
  }
}
