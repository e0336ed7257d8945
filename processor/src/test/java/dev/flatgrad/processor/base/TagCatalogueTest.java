package dev.flatgrad.processor.base;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalogue of tags in docs/architecture.md is the one in {@link Tag}, row for row. */
class TagCatalogueTest {

  private static final Path DOC = Path.of("../docs/architecture.md");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(Flatgrad\\w+)` \\| (.+) \\|$");

  @Test
  void theDocumentListsEveryTagWithWhatItCovers() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher m = ROW.matcher(Files.readString(DOC));
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    Map<String, String> declared = new LinkedHashMap<>();
    for (Tag t : Tag.values()) {
      declared.put(t.text(), t.covers());
    }
    assertThat(documented).containsExactlyEntriesIn(declared).inOrder();
  }

  @Test
  void everyTagHasItsOwnText() {
    assertThat(Arrays.stream(Tag.values()).map(Tag::text).distinct().count()).isEqualTo(Tag.values().length);
  }
}
