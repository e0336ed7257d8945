package dev.flatgrad.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A reader for IDX files, the format of MNIST and Fashion-MNIST ({@code
 * train-images-idx3-ubyte.gz} and friends), raw or gzip-compressed (recognised by content, not by
 * name).
 *
 * <p>An IDX file is a magic number {@code 0x0000TTNN} (two zero bytes, a data type {@code TT},
 * the number of dimensions {@code NN}), then {@code NN} big-endian 32-bit sizes, then the data in
 * row-major order, big-endian. Anything else, a file cut short, or bytes after the data the
 * header promises, is an {@link IdxFormatException} whose message names the file and says what
 * was expected and what was found.
 */
public final class Idx {
  /** Java arrays hold at most about this many bytes. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private Idx() {}

  /** The IDX data types, with their type codes and sizes in bytes. */
  public enum Type {
    UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
    SIGNED_BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String description;

    Type(int code, int bytes, String description) {
      this.code = code;
      this.bytes = bytes;
      this.description = description;
    }

    /** The type code in the magic number. */
    public int code() {
      return code;
    }

    /** The size of one element in bytes. */
    public int bytes() {
      return bytes;
    }

    static Type of(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * The contents of an IDX file.
   *
   * @param type the element type
   * @param dims the sizes of the dimensions, outermost first
   * @param data the elements in row-major order, as stored: big-endian
   */
  public record Array(Type type, int[] dims, byte[] data) {
    /** The number of elements. */
    public int size() {
      return data.length / type.bytes();
    }

    /** Element {@code index} in row-major order, as a double. */
    public double get(int index) {
      int at = index * type.bytes();
      ByteBuffer b = ByteBuffer.wrap(data);
      return switch (type) {
        case UNSIGNED_BYTE -> data[index] & 0xFF;
        case SIGNED_BYTE -> data[index];
        case SHORT -> b.getShort(at);
        case INT -> b.getInt(at);
        case FLOAT -> b.getFloat(at);
        case DOUBLE -> b.getDouble(at);
      };
    }

    /** {@code 60000 x 28 x 28}. */
    public String shape() {
      return Idx.shape(dims);
    }
  }

  /**
   * Grey-scale images, {@code rows x cols} unsigned bytes each, one after the other.
   *
   * @param count the number of images
   * @param rows the height of each image
   * @param cols the width of each image
   * @param pixels {@code count * rows * cols} pixels, 0 (background) to 255
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {
    /** Pixels per image: the length of one flattened image. */
    public int pixelsPerImage() {
      return rows * cols;
    }

    /** Image {@code i} flattened row by row, scaled to {@code [0, 1]}. */
    public double[] image(int i) {
      double[] x = new double[pixelsPerImage()];
      int offset = i * x.length;
      for (int k = 0; k < x.length; k++) {
        x[k] = (pixels[offset + k] & 0xFF) / 255.0;
      }
      return x;
    }

    /** The images at {@code indices}, one per row, scaled to {@code [0, 1]}: a minibatch. */
    public double[][] batch(int[] indices) {
      double[][] X = new double[indices.length][];
      for (int r = 0; r < indices.length; r++) {
        X[r] = image(indices[r]);
      }
      return X;
    }
  }

  /** Images with one label each, as read by {@link #readLabelled}. */
  public record Labelled(Images images, int[] labels) {}

  /**
   * Reads any IDX file.
   *
   * @throws IdxFormatException if the file is truncated, malformed or has data after its end
   * @throws IOException if it cannot be read
   */
  public static Array read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Reads an images file: three dimensions (count, rows, cols) of unsigned bytes, magic {@code
   * 0x00000803}.
   *
   * @throws IdxFormatException if the file is not such a file, truncated or malformed
   * @throws IOException if it cannot be read
   */
  public static Images readImages(Path file) throws IOException {
    Array a = read(file, new Expect(3, "images", "(count, rows, cols)", "labels"));
    return new Images(a.dims()[0], a.dims()[1], a.dims()[2], a.data());
  }

  /**
   * Reads a labels file: one dimension (count) of unsigned bytes, magic {@code 0x00000801}.
   *
   * @throws IdxFormatException if the file is not such a file, truncated or malformed
   * @throws IOException if it cannot be read
   */
  public static int[] readLabels(Path file) throws IOException {
    Array a = read(file, new Expect(1, "labels", "(count)", "images"));
    int[] labels = new int[a.data().length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = a.data()[i] & 0xFF;
    }
    return labels;
  }

  /**
   * Reads an images file and its labels file and checks that they have as many entries.
   *
   * @throws IdxFormatException if either file is malformed or their counts differ
   * @throws IOException if either cannot be read
   */
  public static Labelled readLabelled(Path images, Path labels) throws IOException {
    Images x = readImages(images);
    int[] y = readLabels(labels);
    if (x.count() != y.length) {
      throw new IdxFormatException(
          images + " has " + x.count() + " images but " + labels + " has " + y.length
              + " labels: they must come in pairs (train with train, test with test)");
    }
    return new Labelled(x, y);
  }

  /** What {@link #readImages} and {@link #readLabels} require of the header. */
  private record Expect(int dims, String what, String layout, String otherKind) {}

  private static Array read(Path file, Expect expect) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1F && raw.read() == 0x8B;
      raw.reset();
      try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
        return read(file, new DataInputStream(in), expect, gzip);
      } catch (ZipException | EOFException e) {
        throw new IdxFormatException(
            file + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
      }
    }
  }

  private static Array read(Path file, DataInputStream in, Expect expect, boolean gzip)
      throws IOException {
    String name = file + (gzip ? " (gzip)" : "");
    byte[] magicBytes = in.readNBytes(4);
    if (magicBytes.length < 4) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: truncated header: an IDX file starts with a 4-byte magic number, the file has"
              + " only %d byte%s",
          name, magicBytes.length, magicBytes.length == 1 ? "" : "s"));
    }
    int magic = ByteBuffer.wrap(magicBytes).getInt();
    if ((magic >>> 16) != 0) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: not an IDX file: magic number 0x%08X does not start with two zero bytes"
              + " (IDX magic numbers are 0x0000TTNN for type TT and NN dimensions: 0x00000803"
              + " for images, 0x00000801 for labels)",
          name, magic));
    }
    Type type = Type.of((magic >>> 8) & 0xFF);
    if (type == null) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: unknown data type 0x%02X in magic number 0x%08X (IDX types: 0x08 unsigned byte,"
              + " 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)",
          name, (magic >>> 8) & 0xFF, magic));
    }
    int rank = magic & 0xFF;
    if (rank == 0) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: magic number 0x%08X declares no dimensions", name, magic));
    }
    byte[] sizeBytes = in.readNBytes(4 * rank);
    if (sizeBytes.length < 4 * rank) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: truncated header: %d dimensions need %d bytes of sizes after the magic number,"
              + " the file has only %d",
          name, rank, 4 * rank, sizeBytes.length));
    }
    int[] dims = new int[rank];
    ByteBuffer sizes = ByteBuffer.wrap(sizeBytes);
    long elements = 1;
    for (int d = 0; d < rank; d++) {
      long size = sizes.getInt() & 0xFFFFFFFFL;
      if (size > Integer.MAX_VALUE) {
        throw new IdxFormatException(String.format(Locale.ROOT,
            "%s: dimension %d has size %d, too large to be real", name, d, size));
      }
      dims[d] = (int) size;
      elements = Math.min(elements * size, Long.MAX_VALUE / 16);
    }
    if (expect != null && (type != Type.UNSIGNED_BYTE || rank != expect.dims())) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: expected %s: %d dimension%s %s of unsigned bytes (magic 0x%08X), found %d"
              + " dimension%s (%s) of %s (magic 0x%08X)%s",
          name, expect.what(), expect.dims(), expect.dims() == 1 ? "" : "s", expect.layout(),
          0x0800 | expect.dims(), rank, rank == 1 ? "" : "s", shape(dims), type.description,
          magic,
          type == Type.UNSIGNED_BYTE && rank == 4 - expect.dims()
              ? "; is this the " + expect.otherKind() + " file?" : ""));
    }
    long bytes = elements * type.bytes();
    String promise = String.format(Locale.ROOT,
        "%s %s%s (%d bytes)", shape(dims), type.description, elements == 1 ? "" : "s", bytes);
    if (bytes > MAX_BYTES) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: the header promises %s, more than one Java array holds", name, promise));
    }
    byte[] data = in.readNBytes((int) bytes);
    if (data.length < bytes) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: truncated data: the header promises %s, the file has only %d",
          name, promise, data.length));
    }
    long extra = remaining(in);
    if (extra > 0) {
      throw new IdxFormatException(String.format(Locale.ROOT,
          "%s: %d unexpected byte%s after the data: the header promises %s; the header is"
              + " wrong or this is not an IDX file",
          name, extra, extra == 1 ? "" : "s", promise));
    }
    return new Array(type, dims, data);
  }

  /** Reads {@code in} to its end; how many bytes were left. */
  private static long remaining(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long count = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      count += n;
    }
    return count;
  }

  private static String shape(int[] dims) {
    StringJoiner j = new StringJoiner(" x ");
    Arrays.stream(dims).forEach(d -> j.add(Integer.toString(d)));
    return j.toString();
  }
}
