package dev.flatgrad.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small crafted files, good and bad, raw and gzip. */
class IdxTest {
  @TempDir Path dir;

  /** An IDX file: magic {@code 0x0000TTNN}, sizes, then {@code data} as given. */
  private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt((type << 8) | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  /** Two 2x3 images with pixels 0, 1, ..., 11 and 255. */
  private static byte[] images() throws IOException {
    byte[] pixels = new byte[12];
    for (int i = 0; i < 11; i++) {
      pixels[i] = (byte) i;
    }
    pixels[11] = (byte) 255;
    return idx(0x08, new int[] {2, 2, 3}, pixels);
  }

  private static byte[] labels(int... values) throws IOException {
    byte[] data = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = (byte) values[i];
    }
    return idx(0x08, new int[] {values.length}, data);
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private Path writeGzip(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
    return file;
  }

  private static String failure(Path file, ThrowingRead read) {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> read.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e.getMessage();
  }

  @FunctionalInterface
  private interface ThrowingRead {
    Object read(Path file) throws IOException;
  }

  @Test
  void readsImagesRawAndGzipAlike() throws IOException {
    for (Path file : new Path[] {write("a-images-idx3-ubyte", images()),
        writeGzip("b-images.gz", images())}) {
      Idx.Images x = Idx.readImages(file);
      assertEquals(2, x.count());
      assertEquals(2, x.rows());
      assertEquals(3, x.cols());
      assertArrayEquals(new double[] {0, 1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0, 5 / 255.0},
          x.image(0), 0);
      assertEquals(1.0, x.image(1)[5], 0);
      double[][] batch = x.batch(new int[] {1, 0});
      assertArrayEquals(x.image(1), batch[0], 0);
      assertArrayEquals(x.image(0), batch[1], 0);
    }
  }

  @Test
  void readsLabelsAndPairs() throws IOException {
    Path y = writeGzip("labels.gz", labels(9, 0));
    assertArrayEquals(new int[] {9, 0}, Idx.readLabels(y));
    Idx.Labelled data = Idx.readLabelled(write("images", images()), y);
    assertEquals(2, data.images().count());
    assertArrayEquals(new int[] {9, 0}, data.labels());
  }

  @Test
  void readsOtherTypesBigEndian() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeDouble(-1.5);
    out.writeDouble(1e300);
    Idx.Array a = Idx.read(write("doubles", idx(0x0E, new int[] {2}, bytes.toByteArray())));
    assertEquals(Idx.Type.DOUBLE, a.type());
    assertEquals(-1.5, a.get(0), 0);
    assertEquals(1e300, a.get(1), 0);
    Idx.Array s = Idx.read(write("shorts", idx(0x0B, new int[] {1, 1}, new byte[] {-1, -2})));
    assertEquals(-2, s.get(0), 0);
    assertEquals("1 x 1", s.shape());
    Idx.Array b = Idx.read(write("signed", idx(0x09, new int[] {1}, new byte[] {-3})));
    assertEquals(-3, b.get(0), 0);
  }

  @Test
  void emptyDimensionsAreFine() throws IOException {
    Idx.Images x = Idx.readImages(write("empty", idx(0x08, new int[] {0, 28, 28}, new byte[0])));
    assertEquals(0, x.count());
    assertEquals(784, x.pixelsPerImage());
  }

  @Test
  void rejectsTruncatedData() throws IOException {
    byte[] whole = images();
    Path file = write("cut", Arrays.copyOf(whole, whole.length - 5));
    String message = failure(file, Idx::readImages);
    assertTrue(message.contains("truncated data: the header promises 2 x 2 x 3 unsigned bytes"
        + " (12 bytes), the file has only 7"), message);
  }

  @Test
  void rejectsTruncatedGzip() throws IOException {
    Path whole = writeGzip("whole.gz", images());
    byte[] gz = Files.readAllBytes(whole);
    Path file = write("cut.gz", Arrays.copyOf(gz, gz.length - 12));
    String message = failure(file, Idx::readImages);
    assertTrue(message.contains("truncated or corrupt gzip data"), message);
  }

  @Test
  void rejectsTruncatedHeaders() throws IOException {
    assertTrue(failure(write("empty-file", new byte[0]), Idx::read)
        .contains("truncated header: an IDX file starts with a 4-byte magic number, the file has"
            + " only 0 bytes"));
    assertTrue(failure(write("two-bytes", new byte[] {0, 0}), Idx::read)
        .contains("only 2 bytes"));
    byte[] header = Arrays.copyOf(images(), 10);
    String message = failure(write("short-sizes", header), Idx::read);
    assertTrue(message.contains(
        "truncated header: 3 dimensions need 12 bytes of sizes after the magic number, the file"
            + " has only 6"), message);
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    String message = failure(write("text.txt", "hello, world".getBytes("UTF-8")), Idx::read);
    assertTrue(message.contains("not an IDX file: magic number 0x68656C6C does not start with two"
        + " zero bytes"), message);
    // A little-endian writer's mistake: 0x03080000.
    byte[] swapped = images();
    swapped[0] = 3;
    swapped[1] = 8;
    swapped[2] = 0;
    swapped[3] = 0;
    assertTrue(failure(write("swapped", swapped), Idx::read).contains("0x03080000"));
  }

  @Test
  void rejectsUnknownTypeAndNoDimensions() throws IOException {
    String message = failure(write("type", idx(0x07, new int[] {1}, new byte[1])), Idx::read);
    assertTrue(message.contains("unknown data type 0x07 in magic number 0x00000701"), message);
    message = failure(write("rank0", idx(0x08, new int[0], new byte[1])), Idx::read);
    assertTrue(message.contains("magic number 0x00000800 declares no dimensions"), message);
  }

  @Test
  void rejectsWrongDimensions() throws IOException {
    Path y = write("labels", labels(1, 2, 3));
    String message = failure(y, Idx::readImages);
    assertTrue(message.contains("expected images: 3 dimensions (count, rows, cols) of unsigned"
        + " bytes (magic 0x00000803), found 1 dimension (3) of unsigned byte (magic 0x00000801);"
        + " is this the labels file?"), message);
    message = failure(write("images", images()), Idx::readLabels);
    assertTrue(message.contains("expected labels: 1 dimension (count) of unsigned bytes (magic"
        + " 0x00000801), found 3 dimensions (2 x 2 x 3)"), message);
    assertTrue(message.endsWith("is this the images file?"), message);
    message = failure(write("four", idx(0x08, new int[] {1, 1, 1, 1}, new byte[1])),
        Idx::readImages);
    assertTrue(message.contains("found 4 dimensions (1 x 1 x 1 x 1)"), message);
    message = failure(write("floats", idx(0x0D, new int[] {1, 1, 1}, new byte[4])),
        Idx::readImages);
    assertTrue(message.contains("of float (magic 0x00000D03)"), message);
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] whole = images();
    Path file = write("long", Arrays.copyOf(whole, whole.length + 3));
    String message = failure(file, Idx::readImages);
    assertTrue(message.contains("3 unexpected bytes after the data: the header promises 2 x 2 x 3"
        + " unsigned bytes (12 bytes)"), message);
  }

  @Test
  void rejectsImpossibleSizes() throws IOException {
    String message = failure(
        write("huge", idx(0x08, new int[] {-1}, new byte[0])), Idx::read);
    assertTrue(message.contains("dimension 0 has size 4294967295"), message);
    message = failure(
        write("big", idx(0x0E, new int[] {65536, 65536}, new byte[0])), Idx::read);
    assertTrue(message.contains("more than one Java array holds"), message);
  }

  @Test
  void rejectsMismatchedPairs() throws IOException {
    Path x = write("images", images());
    Path y = write("labels", labels(1, 2, 3));
    String message = failure(x, file -> Idx.readLabelled(file, y));
    assertTrue(message.contains("has 2 images but " + y + " has 3 labels"), message);
  }

  @Test
  void aMissingFileIsAnIoErrorNotAFormatError() {
    assertThrows(NoSuchFileException.class, () -> Idx.read(dir.resolve("nope")));
  }
}
