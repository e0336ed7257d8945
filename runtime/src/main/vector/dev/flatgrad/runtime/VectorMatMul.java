package dev.flatgrad.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix-product kernel on the incubating Vector API: {@code c += op(a) · op(b)}. Compiled
 * apart from the rest of the runtime (it needs {@code --add-modules jdk.incubator.vector}) and
 * loaded by {@link MatMul} only when the JVM runs with that module.
 *
 * <p>The GEBP scheme of GotoBLAS/BLIS: for each {@code KC × NC} block of {@code op(b)}, copy it
 * into strips of {@code NR} columns (two vectors), contiguous and zero-padded; then for each group
 * of {@link #MR} rows of {@code op(a)}, each strip is one call of a micro-kernel that keeps the
 * 8 × NR tile of {@code c} in 16 vector registers for the whole {@code k} loop: per step two vector
 * loads, eight broadcasts, sixteen fused multiply-adds. The plain-Java kernel instead loads and
 * stores {@code c} at every step, which bounds it by memory operations; and the JIT cannot keep
 * array elements in registers across a loop. The packed block (at most KC × NC doubles, 512 KB)
 * stays in L2; it lives in a per-thread buffer, so a product allocates only its result, and the
 * threads of a product split over rows each pack their own copy.
 *
 * <p>The micro-kernels are separate small methods on purpose: the Vector API is fast only when the
 * JIT inlines every vector operation, and one big method exceeds its inlining budget, after which
 * each vector is boxed on the heap (30 times slower).
 */
final class VectorMatMul implements MatMulKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Columns per strip: two vectors. */
  private static final int NR = 2 * L;
  /** Rows per micro-kernel call. */
  private static final int MR = 8;
  /** Depth of a packed block. */
  private static final int KC = 256;
  /** Columns of a packed block (a multiple of NR). */
  private static final int NC = 256;
  /** Rows of a packed panel of a transposed {@code a} (a multiple of MR). */
  private static final int MC = 128;

  /** Per thread: the packed block of b, then the tile, then the packed panel of a transposed a. */
  private static final ThreadLocal<double[]> SCRATCH =
      ThreadLocal.withInitial(() -> new double[KC * NC + MR * NR + MC * KC]);

  VectorMatMul() {
    if (L < 4) {
      throw new UnsupportedOperationException("vectors of " + L + " doubles: not worth it");
    }
  }

  @Override
  public String toString() {
    return "Vector API, " + S;
  }

  @Override
  public void accumulate(MatMul.Product prod, int rowFrom, int rowTo, int colFrom, int colTo) {
    double[][] c = prod.c();
    double[][] a = prod.a();
    boolean ta = prod.transposeA();
    double[][] b = prod.b();
    boolean tb = prod.transposeB();
    int inner = prod.inner();
    double[] scratch = SCRATCH.get();
    int tileOff = KC * NC;
    for (int j0 = colFrom; j0 < colTo; j0 += NC) {
      int nc = Math.min(NC, colTo - j0);
      int strips = (nc + NR - 1) / NR;
      for (int k0 = 0; k0 < inner; k0 += KC) {
        int kc = Math.min(KC, inner - k0);
        pack(b, tb, k0, kc, j0, nc, strips, scratch);
        int i = rowFrom;
        if (ta) {
          // Columns of a, read down its rows: pack MC of them at a time, reading each row of a
          // sequentially, so the kernel streams one panel instead of touching KC rows per tile.
          // The last tile is padded with zero rows (and only its real rows are added to c), so
          // every row goes through the packed kernel: reading a column of a down KC rows for
          // each left-over row cost as much as the rest of a 256×100ᵀ·256×10 product.
          int aOff = tileOff + MR * NR;
          for (int i0 = rowFrom; i0 < rowTo; i0 += MC) {
            int mc = Math.min(MC, rowTo - i0);
            packTransposed(a, k0, kc, i0, mc, scratch, aOff);
            for (i = i0; i < i0 + mc; i += MR) {
              int panel = aOff + (i - i0) * kc;
              int rows = Math.min(MR, i0 + mc - i);
              for (int s = 0; s < strips; s++) {
                kernelPacked(kc, scratch, panel, s * kc * NR, tileOff);
                addTile(c, i, rows, j0 + s * NR, Math.min(NR, nc - s * NR), scratch, tileOff);
              }
            }
          }
          i = rowTo;
        } else {
          for (; i + MR <= rowTo; i += MR) {
            for (int s = 0; s < strips; s++) {
              kernel(a, i, k0, kc, scratch, s * kc * NR, tileOff);
              addTile(c, i, MR, j0 + s * NR, Math.min(NR, nc - s * NR), scratch, tileOff);
            }
          }
        }
        for (; i < rowTo; i++) {
          for (int s = 0; s < strips; s++) {
            kernelRow(a, ta, i, k0, kc, scratch, s * kc * NR, tileOff);
            addTile(c, i, 1, j0 + s * NR, Math.min(NR, nc - s * NR), scratch, tileOff);
          }
        }
      }
    }
  }

  /**
   * {@code p[(s·kc + k)·NR + jj] = op(b)(k0 + k, j0 + s·NR + jj)} for the block's strips, zero
   * past its {@code nc} columns.
   */
  private static void pack(
      double[][] b, boolean tb, int k0, int kc, int j0, int nc, int strips, double[] p) {
    for (int s = 0; s < strips; s++) {
      int js = j0 + s * NR;
      int w = Math.min(NR, nc - s * NR);
      int base = s * kc * NR;
      if (!tb) {
        for (int k = 0; k < kc; k++) {
          int o = base + k * NR;
          System.arraycopy(b[k0 + k], js, p, o, w);
          for (int jj = w; jj < NR; jj++) {
            p[o + jj] = 0.0;
          }
        }
      } else {
        for (int jj = 0; jj < NR; jj++) {
          if (jj < w) {
            double[] column = b[js + jj];
            for (int k = 0; k < kc; k++) {
              p[base + k * NR + jj] = column[k0 + k];
            }
          } else {
            for (int k = 0; k < kc; k++) {
              p[base + k * NR + jj] = 0.0;
            }
          }
        }
      }
    }
  }

  /**
   * {@code p[off + (t·kc + k)·MR + r] = a[k0 + k][i0 + t·MR + r]}: the {@code mc} columns of
   * {@code a} from {@code i0} (rows of {@code aᵀ}), in tiles of MR over the block's depth, the
   * last tile padded with zeros.
   */
  private static void packTransposed(
      double[][] a, int k0, int kc, int i0, int mc, double[] p, int off) {
    int full = mc / MR * MR;
    for (int k = 0; k < kc; k++) {
      double[] ak = a[k0 + k];
      int o = off + k * MR;
      for (int t = 0; t < full; t += MR) {
        // Eight doubles: a loop the JIT unrolls beats System.arraycopy's call, which cost as
        // much as the product itself when op(b) has a single strip (256×100ᵀ·256×10).
        int to = o + t * kc;
        int from = i0 + t;
        for (int r = 0; r < MR; r++) {
          p[to + r] = ak[from + r];
        }
      }
      if (full < mc) {
        int to = o + full * kc;
        for (int r = 0; r < MR; r++) {
          p[to + r] = full + r < mc ? ak[i0 + full + r] : 0.0;
        }
      }
    }
  }

  /** {@code c[i + r][j .. j + w) += tile[r·NR + ..]} for the {@code rows} rows of a tile. */
  private static void addTile(double[][] c, int i, int rows, int j, int w, double[] t, int tOff) {
    for (int r = 0; r < rows; r++) {
      double[] ci = c[i + r];
      int o = tOff + r * NR;
      if (w == NR) {
        DoubleVector.fromArray(S, ci, j).add(DoubleVector.fromArray(S, t, o)).intoArray(ci, j);
        DoubleVector.fromArray(S, ci, j + L)
            .add(DoubleVector.fromArray(S, t, o + L))
            .intoArray(ci, j + L);
      } else {
        for (int jj = 0; jj < w; jj++) {
          ci[j + jj] += t[o + jj];
        }
      }
    }
  }

  /** The 8 × NR tile for rows i..i+7 of {@code a}: {@code a[i + r][k]}, read along rows. */
  private static void kernel(
      double[][] a, int i, int k0, int kc, double[] p, int pOff, int tOff) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S);
    DoubleVector c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S);
    DoubleVector c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S);
    DoubleVector c31 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S);
    DoubleVector c41 = DoubleVector.zero(S);
    DoubleVector c50 = DoubleVector.zero(S);
    DoubleVector c51 = DoubleVector.zero(S);
    DoubleVector c60 = DoubleVector.zero(S);
    DoubleVector c61 = DoubleVector.zero(S);
    DoubleVector c70 = DoubleVector.zero(S);
    DoubleVector c71 = DoubleVector.zero(S);
    double[] a0 = a[i];
    double[] a1 = a[i + 1];
    double[] a2 = a[i + 2];
    double[] a3 = a[i + 3];
    double[] a4 = a[i + 4];
    double[] a5 = a[i + 5];
    double[] a6 = a[i + 6];
    double[] a7 = a[i + 7];
    for (int k = 0; k < kc; k++) {
      int o = pOff + k * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, p, o);
      DoubleVector b1 = DoubleVector.fromArray(S, p, o + L);
      int ka = k0 + k;
      DoubleVector x = DoubleVector.broadcast(S, a0[ka]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, a1[ka]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, a2[ka]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, a3[ka]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, a4[ka]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, a5[ka]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, a6[ka]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, a7[ka]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(p, tOff);
    c01.intoArray(p, tOff + L);
    c10.intoArray(p, tOff + NR);
    c11.intoArray(p, tOff + NR + L);
    c20.intoArray(p, tOff + 2 * NR);
    c21.intoArray(p, tOff + 2 * NR + L);
    c30.intoArray(p, tOff + 3 * NR);
    c31.intoArray(p, tOff + 3 * NR + L);
    c40.intoArray(p, tOff + 4 * NR);
    c41.intoArray(p, tOff + 4 * NR + L);
    c50.intoArray(p, tOff + 5 * NR);
    c51.intoArray(p, tOff + 5 * NR + L);
    c60.intoArray(p, tOff + 6 * NR);
    c61.intoArray(p, tOff + 6 * NR + L);
    c70.intoArray(p, tOff + 7 * NR);
    c71.intoArray(p, tOff + 7 * NR + L);
  }

  /** The 8 × NR tile from a packed panel of {@code a}: {@code p[aOff + k·MR + r]}. */
  private static void kernelPacked(int kc, double[] p, int aOff, int pOff, int tOff) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S);
    DoubleVector c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S);
    DoubleVector c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S);
    DoubleVector c31 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S);
    DoubleVector c41 = DoubleVector.zero(S);
    DoubleVector c50 = DoubleVector.zero(S);
    DoubleVector c51 = DoubleVector.zero(S);
    DoubleVector c60 = DoubleVector.zero(S);
    DoubleVector c61 = DoubleVector.zero(S);
    DoubleVector c70 = DoubleVector.zero(S);
    DoubleVector c71 = DoubleVector.zero(S);
    for (int k = 0; k < kc; k++) {
      int o = pOff + k * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, p, o);
      DoubleVector b1 = DoubleVector.fromArray(S, p, o + L);
      int ak = aOff + k * MR;
      DoubleVector x = DoubleVector.broadcast(S, p[ak]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, p[ak + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, p[ak + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, p[ak + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, p[ak + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, p[ak + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, p[ak + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, p[ak + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(p, tOff);
    c01.intoArray(p, tOff + L);
    c10.intoArray(p, tOff + NR);
    c11.intoArray(p, tOff + NR + L);
    c20.intoArray(p, tOff + 2 * NR);
    c21.intoArray(p, tOff + 2 * NR + L);
    c30.intoArray(p, tOff + 3 * NR);
    c31.intoArray(p, tOff + 3 * NR + L);
    c40.intoArray(p, tOff + 4 * NR);
    c41.intoArray(p, tOff + 4 * NR + L);
    c50.intoArray(p, tOff + 5 * NR);
    c51.intoArray(p, tOff + 5 * NR + L);
    c60.intoArray(p, tOff + 6 * NR);
    c61.intoArray(p, tOff + 6 * NR + L);
    c70.intoArray(p, tOff + 7 * NR);
    c71.intoArray(p, tOff + 7 * NR + L);
  }

  /** One row of the tile: the rows left over when n is not a multiple of 8. */
  private static void kernelRow(
      double[][] a, boolean ta, int i, int k0, int kc, double[] p, int pOff, int tOff) {
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = DoubleVector.zero(S);
    for (int k = 0; k < kc; k++) {
      int o = pOff + k * NR;
      DoubleVector x = DoubleVector.broadcast(S, ta ? a[k0 + k][i] : a[i][k0 + k]);
      c0 = x.fma(DoubleVector.fromArray(S, p, o), c0);
      c1 = x.fma(DoubleVector.fromArray(S, p, o + L), c1);
    }
    c0.intoArray(p, tOff);
    c1.intoArray(p, tOff + L);
  }
}
