package dev.flatgrad.maven.generate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleInfoTest {

  @TempDir Path dir;

  private boolean reads(String moduleInfo) throws IOException {
    Path root = Files.createDirectories(dir.resolve("src"));
    if (moduleInfo != null) {
      Files.writeString(root.resolve("module-info.java"), moduleInfo);
    }
    return ModuleInfo.readsJavaCompiler(List.of(dir.resolve("missing"), root));
  }

  @Test
  void codeOutsideANamedModuleSeesJavaCompiler() throws IOException {
    assertTrue(reads(null));
  }

  @Test
  void aNamedModuleSeesItOnlyIfItRequiresIt() throws IOException {
    assertFalse(reads("module app { requires dev.flatgrad.runtime; }"));
    assertTrue(reads("module app { requires static java.compiler; }"));
    assertTrue(reads("open module app { requires transitive java.se; }"));
    assertFalse(reads("module app { requires"), "unreadable");
  }
}
