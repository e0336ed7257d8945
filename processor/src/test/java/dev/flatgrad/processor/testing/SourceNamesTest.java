package dev.flatgrad.processor.testing;

import static com.google.common.truth.Truth.assertThat;
import static dev.flatgrad.processor.testing.Flatgrad.source;

import org.junit.jupiter.api.Test;

/** The test harness names a source file by the type javac wants it named after. */
class SourceNamesTest {

  @Test
  void aCommentThatSaysClassOrRecordNamesNothing() {
    assertThat(source("""
        package p;

        /** Uses the record class below; see class docs. */
        // record keeping
        public class Model {}

        record Point(double x) {}
        """).getName()).isEqualTo("p/Model.java");
  }

  @Test
  void thePublicTypeNamesTheFileWhereverItStands() {
    assertThat(source("""
        package p;

        record Layer(double w) {}

        @SuppressWarnings("unused")
        public final class Net {
          public static class Inner {}
        }
        """).getName()).isEqualTo("p/Net.java");
  }

  @Test
  void withoutAPublicTypeTheFirstNamesIt() {
    assertThat(source("""
        package p;

        class First {}

        class Second {}
        """).getName()).isEqualTo("p/First.java");
  }
}
