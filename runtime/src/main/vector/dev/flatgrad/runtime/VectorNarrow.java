package dev.flatgrad.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The part of {@link VectorMatMul} for products with a transposed {@code a} and fewer columns than
 * a strip of its micro-kernel (the gradient {@code Xᵀ·dscores} of a 10-class layer), where a strip
 * is mostly zero padding: 10 columns cost 16 multiply-adds per row and step of {@code k}.
 *
 * <p>Here the vector lanes hold <em>rows</em> of {@code c}: a micro-kernel keeps {@code 3L} rows ×
 * {@link #NW} columns of {@code c} in 12 accumulators, and per step of {@code k} loads three
 * vectors of a column of {@code op(a)} (a row of {@code a}, packed {@code k}-major), broadcasts
 * four entries of a row of {@code op(b)} and does 12 fused multiply-adds. The padding is at most
 * {@code NW - 1} columns. Each entry is still {@code c[i][j]} plus its products in order of
 * {@code k}, one rounding each, as in every kernel, so the result is the same bit for bit.
 */
final class VectorNarrow {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows of {@code c} per micro-kernel call: three vectors. */
  private static final int RW = 3 * L;
  /** Columns of {@code c} per micro-kernel call: with three vectors of rows, 12 accumulators. */
  static final int NW = 4;
  /** Depth of a block of {@code k}. */
  private static final int KC = 256;
  /** Rows of {@code op(a)} packed at a time: a multiple of RW (with KC, 192 KB with AVX-512). */
  private static final int MC = 4 * RW;

  /** Per thread: the packed panels of {@code op(a)} and {@code op(b)}, and a tile of {@code c}. */
  private static final class Scratch {
    double[] b = new double[0];
    final double[] a = new double[MC * KC];
    final double[] c = new double[NW * RW];
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorNarrow() {}

  /**
   * Whether a product of {@code m < strip} columns runs faster here than in strips {@code strip}
   * columns wide (a transposed {@code a}, 256×100ᵀ·256×m and 500×3073ᵀ·500×m, one thread, best
   * of alternations): up to {@code NW} columns, 1.6 times as fast at 4; at 10 columns slower at
   * 256×100 (74 against 63 µs) and faster from about a million multiply-adds (500×3073: 4.0
   * against 5.2 ms), where reading {@code a} costs most.
   */
  static boolean pays(int n, int m, int inner, int strip) {
    return m < strip && (m <= NW || (long) n * m * inner >= 1 << 20);
  }

  /**
   * {@code c += aᵀ · op(b)} on the rows [i0, i1) and columns [j0, j1) of {@code c}, for a product
   * whose {@code a} is transposed: its rows hold the columns of {@code op(a)} the micro-kernel
   * loads, so a panel of them is a plain copy, made {@link #MC} rows at a time so that it reads
   * along the rows of {@code a}. (Read in place, or copied a tile's rows at a time, they ran
   * slower: rows of {@code a} thousands of doubles long can be a multiple of 4 KB apart, and
   * pieces of them evict each other from L1.)
   */
  static void multiply(MatMul.Product p, int i0, int i1, int j0, int j1) {
    Scratch scratch = SCRATCH.get();
    double[][] a = p.a();
    double[][] c = p.c();
    int groups = (j1 - j0 + NW - 1) / NW;
    int inner = p.inner();
    int bSize = Math.min(KC, inner) * groups * NW;
    if (scratch.b.length < bSize) {
      scratch.b = new double[bSize];
    }
    double[] tile = scratch.c;
    for (int k0 = 0; k0 < inner; k0 += KC) {
      int kc = Math.min(KC, inner - k0);
      packB(p, k0, kc, j0, j1, scratch.b);
      for (int ip = i0; ip < i1; ip += MC) {
        int mc = Math.min(MC, i1 - ip);
        packA(a, k0, kc, ip, mc, scratch.a);
        for (int i = ip; i < ip + mc; i += RW) {
          int rows = Math.min(RW, ip + mc - i);
          int aOff = (i - ip) * kc;
          for (int g = 0; g < groups; g++) {
            int j = j0 + g * NW;
            int w = Math.min(NW, j1 - j);
            load(c, i, rows, j, w, tile);
            kernel(tile, scratch.a, aOff, scratch.b, g * kc * NW, kc);
            store(tile, c, i, rows, j, w);
          }
        }
      }
    }
  }

  /**
   * {@code b[(g·kc + k)·NW + jj] = op(b)(k0 + k, j0 + g·NW + jj)}, zero past column {@code j1}:
   * the row of {@code op(b)} a step of {@code k} broadcasts, {@code NW} columns at a time.
   */
  private static void packB(MatMul.Product p, int k0, int kc, int j0, int j1, double[] packed) {
    double[][] b = p.b();
    int groups = (j1 - j0 + NW - 1) / NW;
    for (int g = 0; g < groups; g++) {
      int base = g * kc * NW;
      for (int jj = 0; jj < NW; jj++) {
        int j = j0 + g * NW + jj;
        if (j >= j1) {
          for (int k = 0; k < kc; k++) {
            packed[base + k * NW + jj] = 0.0;
          }
        } else if (p.transposeB()) {
          double[] column = b[j];
          for (int k = 0; k < kc; k++) {
            packed[base + k * NW + jj] = column[k0 + k];
          }
        }
      }
    }
    if (!p.transposeB()) {
      // Each row of b once, for all its columns in [j0, j1).
      for (int k = 0; k < kc; k++) {
        double[] bk = b[k0 + k];
        for (int j = j0; j < j1; j++) {
          int g = (j - j0) / NW;
          packed[(g * kc + k) * NW + j - j0 - g * NW] = bk[j];
        }
      }
    }
  }

  /**
   * {@code panel[(t·kc + k)·RW + r] = a[k0 + k][i0 + t·RW + r]}: the {@code mc} columns of {@code
   * a} from {@code i0} in tiles of {@code RW}, a step of {@code k} per {@code RW} doubles, the last
   * tile padded with zeros.
   */
  private static void packA(double[][] a, int k0, int kc, int i0, int mc, double[] panel) {
    int full = mc / RW * RW;
    for (int k = 0; k < kc; k++) {
      double[] ak = a[k0 + k];
      for (int t = 0; t < full; t += RW) {
        // Vector copies: as a scalar loop, packing took as long as the multiply-adds.
        int to = t * kc + k * RW;
        DoubleVector.fromArray(S, ak, i0 + t).intoArray(panel, to);
        DoubleVector.fromArray(S, ak, i0 + t + L).intoArray(panel, to + L);
        DoubleVector.fromArray(S, ak, i0 + t + 2 * L).intoArray(panel, to + 2 * L);
      }
      if (full < mc) {
        int to = full * kc + k * RW;
        for (int r = 0; r < RW; r++) {
          panel[to + r] = full + r < mc ? ak[i0 + full + r] : 0.0;
        }
      }
    }
  }

  /** {@code tile[jj·RW + r] = c[i + r][j + jj]}, the rows and columns past the edge zero. */
  private static void load(double[][] c, int i, int rows, int j, int w, double[] tile) {
    for (int jj = 0; jj < NW; jj++) {
      for (int r = 0; r < RW; r++) {
        tile[jj * RW + r] = r < rows && jj < w ? c[i + r][j + jj] : 0.0;
      }
    }
  }

  /** The inverse of {@link #load} for the entries inside {@code c}. */
  private static void store(double[] tile, double[][] c, int i, int rows, int j, int w) {
    for (int r = 0; r < rows; r++) {
      double[] ci = c[i + r];
      for (int jj = 0; jj < w; jj++) {
        ci[j + jj] = tile[jj * RW + r];
      }
    }
  }

  /**
   * {@code c[jj·RW + r] += a[aOff + k·RW + r] · b[bOff + k·NW + jj]} for k in [0, kc), in order of
   * {@code k}, one fused multiply-add each, with the tile in 12 registers.
   */
  private static void kernel(double[] c, double[] a, int aOff, double[] b, int bOff, int kc) {
    DoubleVector t00 = DoubleVector.fromArray(S, c, 0);
    DoubleVector t01 = DoubleVector.fromArray(S, c, L);
    DoubleVector t02 = DoubleVector.fromArray(S, c, 2 * L);
    DoubleVector t10 = DoubleVector.fromArray(S, c, RW);
    DoubleVector t11 = DoubleVector.fromArray(S, c, RW + L);
    DoubleVector t12 = DoubleVector.fromArray(S, c, RW + 2 * L);
    DoubleVector t20 = DoubleVector.fromArray(S, c, 2 * RW);
    DoubleVector t21 = DoubleVector.fromArray(S, c, 2 * RW + L);
    DoubleVector t22 = DoubleVector.fromArray(S, c, 2 * RW + 2 * L);
    DoubleVector t30 = DoubleVector.fromArray(S, c, 3 * RW);
    DoubleVector t31 = DoubleVector.fromArray(S, c, 3 * RW + L);
    DoubleVector t32 = DoubleVector.fromArray(S, c, 3 * RW + 2 * L);
    for (int k = 0; k < kc; k++) {
      int o = aOff + k * RW;
      DoubleVector a0 = DoubleVector.fromArray(S, a, o);
      DoubleVector a1 = DoubleVector.fromArray(S, a, o + L);
      DoubleVector a2 = DoubleVector.fromArray(S, a, o + 2 * L);
      int q = bOff + k * NW;
      DoubleVector x = DoubleVector.broadcast(S, b[q]);
      t00 = a0.fma(x, t00);
      t01 = a1.fma(x, t01);
      t02 = a2.fma(x, t02);
      x = DoubleVector.broadcast(S, b[q + 1]);
      t10 = a0.fma(x, t10);
      t11 = a1.fma(x, t11);
      t12 = a2.fma(x, t12);
      x = DoubleVector.broadcast(S, b[q + 2]);
      t20 = a0.fma(x, t20);
      t21 = a1.fma(x, t21);
      t22 = a2.fma(x, t22);
      x = DoubleVector.broadcast(S, b[q + 3]);
      t30 = a0.fma(x, t30);
      t31 = a1.fma(x, t31);
      t32 = a2.fma(x, t32);
    }
    t00.intoArray(c, 0);
    t01.intoArray(c, L);
    t02.intoArray(c, 2 * L);
    t10.intoArray(c, RW);
    t11.intoArray(c, RW + L);
    t12.intoArray(c, RW + 2 * L);
    t20.intoArray(c, 2 * RW);
    t21.intoArray(c, 2 * RW + L);
    t22.intoArray(c, 2 * RW + 2 * L);
    t30.intoArray(c, 3 * RW);
    t31.intoArray(c, 3 * RW + L);
    t32.intoArray(c, 3 * RW + 2 * L);
  }
}
