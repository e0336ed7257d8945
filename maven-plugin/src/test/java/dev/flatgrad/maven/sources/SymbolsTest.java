package dev.flatgrad.maven.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.maven.testing.Project;
import dev.flatgrad.processor.base.Symbols;
import dev.flatgrad.processor.ir.ClassRef;
import dev.flatgrad.processor.ir.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources and the classpath answer the engine's questions the same way. */
class SymbolsTest {

  private static final String CONSTS = """
      package lib;

      import dev.flatgrad.annotations.Differentiable;

      public class Consts {
        public static final double SCALE = 2.0;
        private static final int[] SIZES = {1, 2};
        static String name = "x";
        public double instance;

        public interface Limits {
          double MAX = 3.0;
        }

        @Differentiable(wrt = {"a"})
        public static double weighted(double a, double[] w) {
          return a * w[0];
        }

        public static void log(double x) {}
      }
      """;

  @TempDir Path dir;

  @Test
  void sourcesAndClassFilesGiveTheSameAnswers() throws IOException {
    Project p = new Project(dir);
    p.write("lib/Consts.java", CONSTS);
    Path classes = p.compile(false);
    Symbols fromSources = SourceSymbols.of(SourceTree.scan(List.of(p.sources()), List.of(), StandardCharsets.UTF_8), 0);
    try (ClasspathSymbols fromClasses = ClasspathSymbols.of(List.of(classes, Project.userClasspath().get(0)))) {
      for (Symbols s : List.of(fromSources, fromClasses)) {
        assertTrue(s.classExists("lib.Consts"));
        assertTrue(s.classExists("lib.Consts.Limits"), "nested classes by canonical name");
        assertFalse(s.classExists("lib.Nope"));
        assertEquals(Optional.of(new Symbols.Field(Type.DOUBLE, true, true, false)), s.field("lib.Consts", "SCALE"));
        assertEquals(Optional.of(new Symbols.Field(Type.INT_ARRAY, true, true, true)), s.field("lib.Consts", "SIZES"));
        assertEquals(Optional.of(new Symbols.Field(Type.DOUBLE, false, false, false)), s.field("lib.Consts", "instance"));
        assertEquals(Optional.of(new Symbols.Field(Type.DOUBLE, true, true, false)),
            s.field("lib.Consts.Limits", "MAX"), "interface fields are static and final");
        assertEquals(List.of(), s.methods("lib.Consts", "log"), "void methods are not reported");
        List<Symbols.Method> weighted = s.methods("lib.Consts", "weighted");
        assertEquals(1, weighted.size());
        assertEquals(List.of(Type.DOUBLE, Type.DOUBLE_ARRAY), weighted.get(0).params());
        assertTrue(weighted.get(0).isDifferentiable());
        assertEquals(List.of("a"), weighted.get(0).wrt());
      }
      assertTrue(fromClasses.classExists("java.util.Arrays"), "the platform's classes are known");
      // An object field: the class files name its class; the sources, which would have to resolve
      // the name through the file's imports, leave it out (the processor's javac knows it).
      assertEquals(Optional.of(new Symbols.Field(Type.of(new ClassRef("java.lang", "String")), true, false, false)),
          fromClasses.field("lib.Consts", "name"));
      assertEquals(Optional.empty(), fromSources.field("lib.Consts", "name"));
    }
  }

  @Test
  void theSourcesWinOverTheClasspath() {
    Symbols sources = new Symbols() {
      @Override
      public boolean classExists(String name) {
        return name.equals("p.A");
      }

      @Override
      public Optional<Field> field(String cls, String name) {
        return Optional.empty();
      }

      @Override
      public List<Method> methods(String cls, String name) {
        return List.of();
      }
    };
    Symbols classpath = new Symbols() {
      @Override
      public boolean classExists(String name) {
        return true;
      }

      @Override
      public Optional<Field> field(String cls, String name) {
        return Optional.of(new Field(Type.DOUBLE, true, true, false));
      }

      @Override
      public List<Method> methods(String cls, String name) {
        return List.of();
      }
    };
    Symbols layered = new LayeredSymbols(sources, classpath);
    assertEquals(Optional.empty(), layered.field("p.A", "X"), "a stale class file does not speak for a source");
    assertTrue(layered.field("q.B", "X").isPresent());
  }

  @Test
  void recordedQuestionsNoticeChangedAnswers() throws IOException {
    Project p = new Project(dir);
    p.write("lib/Consts.java", CONSTS);
    Symbols before = SourceSymbols.of(SourceTree.scan(List.of(p.sources()), List.of(), StandardCharsets.UTF_8), 0);
    RecordingSymbols recording = new RecordingSymbols(before);
    recording.field("lib.Consts", "SCALE");
    recording.classExists("lib.Other");
    recording.classExists("lib.Other");
    assertEquals(2, recording.queries().size());

    p.write("lib/Consts.java", CONSTS.replace("double SCALE = 2.0", "int SCALE = 2"));
    Symbols after = SourceSymbols.of(SourceTree.scan(List.of(p.sources()), List.of(), StandardCharsets.UTF_8), 0);
    assertFalse(recording.queries().get(0).holds(after));
    assertTrue(recording.queries().get(1).holds(after));
    assertTrue(recording.queries().get(0).holds(before));
  }
}
