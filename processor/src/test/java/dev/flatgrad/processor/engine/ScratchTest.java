package dev.flatgrad.processor.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void print() throws Exception {
    String src = Files.readString(Path.of(System.getProperty("scratch", "/tmp/scratch/Foo.java")));
    Engine.Result r = new Engine(Symbols.NONE, new Engine.Options(Boolean.getBoolean("dump"))).differentiate(src, "Foo.java");
    r.dumps().forEach(System.out::println);
    r.diagnostics().forEach(System.out::println);
    r.files().forEach(f -> System.out.println(f.toString()));
  }
}
