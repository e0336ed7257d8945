package dev.flatgrad.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix-product kernel on the incubating Vector API: {@code c += op(a) · op(b)}. Compiled
 * apart from the rest of the runtime (it needs {@code --add-modules jdk.incubator.vector}) and
 * loaded by {@link MatMul} only when the JVM runs with that module.
 *
 * <p>The GEBP scheme of GotoBLAS/BLIS: {@code op(b)} is copied into strips of {@code NR} columns
 * (two vectors), contiguous and zero-padded; then, per {@code KC × NC} block of those strips (in
 * L2) and per tile of 6 rows of {@code op(a)}, each strip is one call of a micro-kernel that
 * keeps the 6 × NR tile of {@code c} in 12 vector registers for the whole {@code k} loop: per step
 * two vector loads, six broadcasts, twelve fused multiply-adds. With AVX-512 the tile is 8 rows
 * (16 accumulators), which its 32 registers hold but AVX2's 16 do not: with the two vectors of
 * {@code b} and the broadcast it needs 19, and C2 kept 4 accumulators on the stack, loaded and
 * stored around their multiply-adds at every step of {@code k}; on one core of the benchmarks'
 * AMD EPYC (Zen 3, AVX2) the 8-row kernel ran at 15–24 or 7–9 GFLOP/s from one JVM to the next,
 * the 6-row one at 30–40, as fast as the best tile of a harness of micro-kernels alone. The tile
 * is loaded from {@code c} (or, in the first block of {@code k} of a new result, started from
 * zeros) and stored back, so each entry is {@code c} plus its products in order of {@code k}, one
 * rounding each, as in the plain kernel. A last strip at most one vector
 * wide goes to a one-vector micro-kernel (8 registers) instead of computing its padding. On one
 * thread each block is packed just before use; when threads share a product, {@code op(b)} (up
 * to 1 MB of it at a time, so that it stays in L2) is packed once, the threads packing some
 * strips each, and all of them read it: when each thread packed its own copy for each of its
 * parts, as before, a product ran slower on two threads than on one. When {@code c} has columns
 * enough for every part to take whole {@code NC} blocks of them ({@code dy·W1ᵀ} at 256×3072), the
 * parts are blocks of columns instead, each packing its own columns of {@code op(b)} as on one
 * thread: read by all threads, a shared {@code op(b)} larger than L2 came from L3 and cost an
 * eighth more per multiply-add.
 *
 * <p>The micro-kernels are separate small methods on purpose: the Vector API is fast only when the
 * JIT inlines every vector operation, and one big method exceeds its inlining budget, after which
 * each vector is boxed on the heap (30 times slower). For the same reason each tile height has
 * its own written-out pair ({@code kernel}, {@code kernelNarrow}; {@code kernel8}, {@code
 * kernelNarrow8}): accumulators in an array, indexed by a row count, would be objects on the heap.
 */
final class VectorMatMul implements MatMulKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Columns per strip: two vectors. */
  private static final int NR = 2 * L;
  /** Depth of a block of strips the row tiles sweep (with NC, 512 KB: in L2). */
  private static final int KC = 256;
  /** Columns of that block (a multiple of NR). */
  private static final int NC = 256;
  /** Row tiles in a packed panel of a transposed {@code a} (with KC: 192 or 256 KB, in L2). */
  private static final int PANEL_TILES = 16;
  /**
   * Most doubles of {@code op(b)} packed at once when threads share it (1 MB, half an L2 of the
   * benchmarks' Xeon): a larger {@code op(b)} is packed and multiplied a chunk of depth (whole
   * KC blocks), or of columns, at a time, so that every part reads the chunk from L2. With 4 MB
   * chunks the 256×3072·3072×100 product cut into 8 parts cost a seventh more per multiply-add
   * than in one part; with 1 MB chunks, as much (one thread, 38.4 against 40.6 GFLOP/s).
   */
  private static final int PACK_MAX = 1 << 17;
  /** Rows a thread from which each thread packs op(b) for itself (see multiply). */
  private static final int PRIVATE_MIN_ROWS = 64;
  /** Packing is split over threads from this many doubles per part. */
  private static final long PACK_MIN_PER_PART = 1 << 15;

  /** Per calling thread: the packed chunk of {@code op(b)}, grown to what its products needed. */
  private static final class Packed {
    double[] doubles = new double[0];
  }

  private static final ThreadLocal<Packed> PACKED = ThreadLocal.withInitial(Packed::new);

  /**
   * Per thread: a packed panel of a transposed {@code a} (its rows are rows of {@code op(a)}, the
   * micro-kernels read them as they read rows of {@code a}), and a tile for the edges of {@code
   * c}. (No arrays of rows of {@code a} or {@code c}: storing references to young arrays into these
   * long-lived ones costs a garbage-collector write barrier each, measured at a fifth of a
   * 256×10·10×100 product.)
   */
  private static final class Scratch {
    final double[][] panel;
    final double[][] tile;

    Scratch(int mr) {
      panel = new double[PANEL_TILES * mr][KC];
      tile = new double[mr][NR];
    }
  }

  /** Rows of {@code c} per micro-kernel call: 6 or 8 (see {@link #rowsForThisCpu}). */
  private final int mr;

  /** Rows of a packed panel of a transposed {@code a}: whole row tiles. */
  private final int mc;

  private final ThreadLocal<Scratch> scratch;

  /** The kernel with the row tile this CPU's vector registers hold. */
  VectorMatMul() {
    this(rowsForThisCpu());
  }

  /** The kernel with tiles of 6 or 8 rows, whichever the CPU (tests run both). */
  VectorMatMul(int rows) {
    if (L < 4) {
      throw new UnsupportedOperationException("vectors of " + L + " doubles: not worth it");
    }
    if (rows != 6 && rows != 8) {
      throw new IllegalArgumentException("row tiles of 6 or 8, not " + rows);
    }
    mr = rows;
    mc = PANEL_TILES * rows;
    scratch = ThreadLocal.withInitial(() -> new Scratch(rows));
  }

  /**
   * 8 rows with 512-bit vectors (AVX-512, 32 vector registers: 16 accumulators, two vectors of
   * {@code b} and the broadcast fit), else 6 (AVX2's 16 registers hold 12 accumulators and those
   * three; with 8 rows C2 kept 4 accumulators on the stack). Chosen by the vector width because the
   * Vector API does not tell the register count; a CPU with 32 registers of 256 bits (SVE) gets 6.
   */
  static int rowsForThisCpu() {
    return S.vectorBitSize() >= 512 ? 8 : 6;
  }

  @Override
  public String toString() {
    return "Vector API, " + S + ", " + mr + "-row tiles";
  }

  @Override
  public void multiply(MatMul.Product p, int parts) {
    int n = p.rows();
    int m = p.cols();
    int inner = p.inner();
    if (n == 0 || m == 0 || inner == 0) {
      return;
    }
    if (VectorSmall.fits(p)) {
      VectorSmall.multiply(p, parts);
      return;
    }
    if (p.transposeA() && VectorNarrow.pays(n, m, inner, NR)) {
      double[][] b = VectorNarrow.rowsOfB(p);
      MatMul.forBlocks(n, 0, m, parts, VectorSmall.RW, false,
          (i0, i1, j0, j1) -> VectorNarrow.multiply(p, b, i0, i1));
      return;
    }
    if (parts > 1 && m >= parts * NC) {
      // Enough columns for every part to take whole L2 blocks of them: each part packs its own
      // columns of op(b) block by block as on one thread, and no thread reads another's.
      MatMul.forBlocks(n, 0, m, parts, mr, true, (i0, i1, c0, c1) -> multiplyColumns(p, 0, n, c0, c1, 1));
    } else if (parts > 1 && n >= Parallel.threads() * PRIVATE_MIN_ROWS) {
      // Rows enough for every thread to take a block of them: one part a thread, each packing all
      // of op(b) for itself block by block as on one thread, none waiting for another until the
      // end. Sharing one packed op(b) (below) needs chunks of PACK_MAX for the threads to meet
      // seldom, and in a 1 MB L2 (a Zen 4) the 917 kB chunk of a 256×3072·3072×100 product ran at
      // 57 or at 86 GFLOP/s by turns, switching every few seconds in one process; packed per
      // thread, at 80–90 steadily, numpy's speed. Packing twice reads op(b) once more a thread,
      // against the 64 or more rows a thread multiplies it by.
      MatMul.forBlocks(n, 0, m, Math.min(parts, Parallel.threads()), mr, false,
          (i0, i1, c0, c1) -> multiplyColumns(p, i0, i1, 0, m, 1));
    } else {
      multiplyColumns(p, 0, n, 0, m, parts);
    }
  }

  /** Columns [from, to) of {@code c} ({@code from} on a strip), all its rows, in parts. */
  private void multiplyColumns(MatMul.Product p, int i0, int i1, int from, int to, int parts) {
    int inner = p.inner();
    int strips = (to - from + NR - 1) / NR;
    // On one thread, each KC × NC block is packed just before it is used, while it is in L2; on
    // several, as much of op(b) as PACK_MAX allows, so that the threads wait for each other
    // seldom.
    int kcChunk =
        Math.min(inner, parts == 1 ? KC : Math.max(KC, PACK_MAX / (strips * NR) / KC * KC));
    int stripsPerChunk =
        Math.min(strips, parts == 1 ? NC / NR : Math.max(1, PACK_MAX / (kcChunk * NR)));
    Packed holder = PACKED.get();
    int size = kcChunk * NR * stripsPerChunk;
    if (holder.doubles.length < size) {
      holder.doubles = new double[size];
    }
    double[] packed = holder.doubles;
    for (int s0 = 0; s0 < strips; s0 += stripsPerChunk) {
      int s1 = Math.min(strips, s0 + stripsPerChunk);
      int j0 = from + s0 * NR;
      int j1 = Math.min(to, from + s1 * NR);
      for (int k0 = 0; k0 < inner; k0 += kcChunk) {
        int kc = Math.min(kcChunk, inner - k0);
        int k = k0;
        if (parts == 1) {
          pack(p, k, kc, j0, j1, 0, s1 - s0, packed);
        } else {
          Parallel.forRange(s1 - s0, (long) (s1 - s0) * kc * NR, PACK_MIN_PER_PART,
              (f, t) -> pack(p, k, kc, j0, j1, f, t, packed));
        }
        MatMul.forBlocks(i1 - i0, j0, j1, parts, mr, false,
            (r0, r1, c0, c1) -> multiplyBlock(p, k, kc, j0, packed, i0 + r0, i0 + r1, c0, c1));
      }
    }
  }

  /**
   * {@code packed[(s·kc + k)·NR + jj] = op(b)(k0 + k, j0 + s·NR + jj)} for the strips {@code s}
   * in [from, to) of the chunk that starts at column {@code j0}, zero past column {@code j1}.
   * (The padding only ever meets lanes of an edge tile that are not kept; zeros keep it tidy.)
   */
  private static void pack(MatMul.Product p, int k0, int kc, int j0, int j1, int from, int to,
      double[] packed) {
    if (p.transposeB()) {
      packColumns(p.b(), k0, kc, j0, j1, from, to, packed);
    } else {
      packRows(p.b(), k0, kc, j0, j1, from, to, packed);
    }
  }

  /**
   * {@link #pack} of a {@code b} not transposed: each row of {@code b} read along once, its
   * strips copied a vector at a time. (Strip by strip, with one {@code System.arraycopy} of NR
   * doubles per row, the packing of a 256×3072·3072×100 product's 3072×100 {@code b} took a fifth
   * of the product on one thread: its rows come from L3, and the calls cost as much as the copy.)
   */
  private static void packRows(double[][] b, int k0, int kc, int j0, int j1, int from, int to,
      double[] packed) {
    for (int k = 0; k < kc; k++) {
      double[] row = b[k0 + k];
      for (int s = from; s < to; s++) {
        int js = j0 + s * NR;
        int o = (s * kc + k) * NR;
        if (js + NR <= j1) {
          DoubleVector.fromArray(S, row, js).intoArray(packed, o);
          DoubleVector.fromArray(S, row, js + L).intoArray(packed, o + L);
        } else {
          for (int jj = 0; jj < NR; jj++) {
            packed[o + jj] = js + jj < j1 ? row[js + jj] : 0.0;
          }
        }
      }
    }
  }

  /**
   * {@link #pack} of a transposed {@code b}, whose rows are the columns of {@code op(b)}: four of
   * them read along together, so that each step of {@code k} writes four adjacent doubles of the
   * strip (one at a time, a quarter slower: each store a cache line NR doubles from the last).
   */
  private static void packColumns(double[][] b, int k0, int kc, int j0, int j1, int from, int to,
      double[] packed) {
    for (int s = from; s < to; s++) {
      int js = j0 + s * NR;
      int w = Math.min(NR, j1 - js);
      int base = s * kc * NR;
      int jj = 0;
      for (; jj + 4 <= w; jj += 4) {
        double[] u0 = b[js + jj];
        double[] u1 = b[js + jj + 1];
        double[] u2 = b[js + jj + 2];
        double[] u3 = b[js + jj + 3];
        for (int k = 0; k < kc; k++) {
          int o = base + k * NR + jj;
          packed[o] = u0[k0 + k];
          packed[o + 1] = u1[k0 + k];
          packed[o + 2] = u2[k0 + k];
          packed[o + 3] = u3[k0 + k];
        }
      }
      for (; jj < NR; jj++) {
        double[] column = jj < w ? b[js + jj] : null;
        for (int k = 0; k < kc; k++) {
          packed[base + k * NR + jj] = column != null ? column[k0 + k] : 0.0;
        }
      }
    }
  }

  /**
   * Rows [i0, i1) and columns [c0, c1) of {@code c} (c0 on a strip of the chunk that starts at
   * column {@code j0}) plus the steps [k0, k0 + kc) of {@code k}, from the packed chunk.
   */
  private void multiplyBlock(MatMul.Product p, int k0, int kc, int j0, double[] packed,
      int i0, int i1, int c0, int c1) {
    Scratch scratch = this.scratch.get();
    double[][] panel = scratch.panel;
    for (int jb = c0; jb < c1; jb += NC) {
      int je = Math.min(c1, jb + NC);
      for (int kb = 0; kb < kc; kb += KC) {
        int kcs = Math.min(KC, kc - kb);
        // A new result's first block of k: its tiles start from zero instead of reading c.
        boolean zero = p.zero() && k0 + kb == 0;
        if (p.transposeA()) {
          // Rows of op(a) are columns of a: pack mc of them at a time into rows, reading each
          // row of a along, so the micro-kernel reads rows of a panel instead of a cache line of
          // each of KC rows of a per tile. (Packed into one array, MR values of a step of k
          // adjacent, the panel needed micro-kernels of its own and ran no faster: 15.1–16.2
          // against 16.2–17.0 GFLOP/s, one thread, CPU time, at load 10.)
          for (int ip = i0; ip < i1; ip += mc) {
            int rowsOfPanel = Math.min(mc, i1 - ip);
            MatMul.transpose(p.a(), k0 + kb, k0 + kb + kcs, ip, ip + rowsOfPanel, panel);
            for (int i = ip; i < ip + rowsOfPanel; i += mr) {
              int rows = Math.min(mr, ip + rowsOfPanel - i);
              for (int j = jb; j < je; j += NR) {
                multiplyTile(p, zero, panel, i - ip, 0, kcs, i, rows, j, Math.min(NR, je - j),
                    packed, ((j - j0) / NR * kc + kb) * NR, scratch.tile);
              }
            }
          }
        } else {
          // Rows of a are read in place (packing them measured slower: see the kernels' sixth
          // round in the benchmarks' README).
          for (int i = i0; i < i1; i += mr) {
            int rows = Math.min(mr, i1 - i);
            for (int j = jb; j < je; j += NR) {
              multiplyTile(p, zero, p.a(), i, k0 + kb, kcs, i, rows, j, Math.min(NR, je - j),
                  packed, ((j - j0) / NR * kc + kb) * NR, scratch.tile);
            }
          }
        }
      }
    }
  }

  /**
   * The {@code rows × w} tile of {@code c} at (i, j) plus rows [ai, ai + rows) of {@code a} from
   * column {@code ak} times the packed strip at {@code bOff}, {@code kc} steps of {@code k}: one
   * micro-kernel call, in place when the tile is whole, else through the scratch tile.
   */
  private void multiplyTile(MatMul.Product p, boolean zero, double[][] a, int ai, int ak, int kc,
      int i, int rows, int j, int w, double[] packed, int bOff, double[][] scratchTile) {
    // Past the last row, the tile repeats it (aLast), and those rows of the tile are not kept.
    int aLast = ai + rows - 1;
    boolean inPlace = rows == mr && (w == NR || w == L);
    double[][] t = inPlace ? p.c() : tile(p.c(), i, rows, j, w, scratchTile);
    int ti = inPlace ? i : 0;
    int tj = inPlace ? j : 0;
    if (mr == 8) {
      if (w <= L) {
        kernelNarrow8(t, ti, tj, zero, a, ai, aLast, ak, packed, bOff, kc);
      } else {
        kernel8(t, ti, tj, zero, a, ai, aLast, ak, packed, bOff, kc);
      }
    } else if (w <= L) {
      kernelNarrow(t, ti, tj, zero, a, ai, aLast, ak, packed, bOff, kc);
    } else {
      kernel(t, ti, tj, zero, a, ai, aLast, ak, packed, bOff, kc);
    }
    if (!inPlace) {
      untile(t, p.c(), i, rows, j, w);
    }
  }

  /**
   * An edge tile of {@code c} (fewer than a tile's rows or NR columns left): the {@code rows × w}
   * entries from {@code c[i][j]} copied into {@code tile}, which the micro-kernel updates instead.
   */
  private static double[][] tile(double[][] c, int i, int rows, int j, int w, double[][] tile) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(c[i + r], j, tile[r], 0, w);
    }
    return tile;
  }

  /** Copies an edge tile back into {@code c}. */
  private static void untile(double[][] tile, double[][] c, int i, int rows, int j, int w) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(tile[r], 0, c[i + r], j, w);
    }
  }

  /**
   * {@code c[j ..]} as a vector, or zeros when {@code c} is known to hold them: a tile of a new
   * result that starts from zero does not wait for its entries to come from memory.
   */
  private static DoubleVector start(boolean zero, double[] c, int j) {
    return zero ? DoubleVector.zero(S) : DoubleVector.fromArray(S, c, j);
  }

  /**
   * The 6 × NR tile {@code c[ci + r][cj ..]} plus {@code a[ai + r][ak + k] · b[bOff + k·NR ..]}
   * for k in [0, kc), in order of {@code k}: the rows of {@code a} read along, the row {@code
   * aLast} standing in for those after it (their results are not kept); from zeros instead of
   * {@code c} if {@code zero}.
   */
  private static void kernel(double[][] c, int ci, int cj, boolean zero, double[][] a,
      int ai, int aLast, int ak, double[] b, int bOff, int kc) {
    double[] c0 = c[ci];
    double[] c1 = c[ci + 1];
    double[] c2 = c[ci + 2];
    double[] c3 = c[ci + 3];
    double[] c4 = c[ci + 4];
    double[] c5 = c[ci + 5];
    DoubleVector t00 = start(zero, c0, cj);
    DoubleVector t01 = start(zero, c0, cj + L);
    DoubleVector t10 = start(zero, c1, cj);
    DoubleVector t11 = start(zero, c1, cj + L);
    DoubleVector t20 = start(zero, c2, cj);
    DoubleVector t21 = start(zero, c2, cj + L);
    DoubleVector t30 = start(zero, c3, cj);
    DoubleVector t31 = start(zero, c3, cj + L);
    DoubleVector t40 = start(zero, c4, cj);
    DoubleVector t41 = start(zero, c4, cj + L);
    DoubleVector t50 = start(zero, c5, cj);
    DoubleVector t51 = start(zero, c5, cj + L);
    double[] a0 = a[ai];
    double[] a1 = a[Math.min(ai + 1, aLast)];
    double[] a2 = a[Math.min(ai + 2, aLast)];
    double[] a3 = a[Math.min(ai + 3, aLast)];
    double[] a4 = a[Math.min(ai + 4, aLast)];
    double[] a5 = a[Math.min(ai + 5, aLast)];
    for (int k = 0; k < kc; k++) {
      int o = bOff + k * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, b, o);
      DoubleVector b1 = DoubleVector.fromArray(S, b, o + L);
      int ka = ak + k;
      DoubleVector x = DoubleVector.broadcast(S, a0[ka]);
      t00 = x.fma(b0, t00);
      t01 = x.fma(b1, t01);
      x = DoubleVector.broadcast(S, a1[ka]);
      t10 = x.fma(b0, t10);
      t11 = x.fma(b1, t11);
      x = DoubleVector.broadcast(S, a2[ka]);
      t20 = x.fma(b0, t20);
      t21 = x.fma(b1, t21);
      x = DoubleVector.broadcast(S, a3[ka]);
      t30 = x.fma(b0, t30);
      t31 = x.fma(b1, t31);
      x = DoubleVector.broadcast(S, a4[ka]);
      t40 = x.fma(b0, t40);
      t41 = x.fma(b1, t41);
      x = DoubleVector.broadcast(S, a5[ka]);
      t50 = x.fma(b0, t50);
      t51 = x.fma(b1, t51);
    }
    t00.intoArray(c0, cj);
    t01.intoArray(c0, cj + L);
    t10.intoArray(c1, cj);
    t11.intoArray(c1, cj + L);
    t20.intoArray(c2, cj);
    t21.intoArray(c2, cj + L);
    t30.intoArray(c3, cj);
    t31.intoArray(c3, cj + L);
    t40.intoArray(c4, cj);
    t41.intoArray(c4, cj + L);
    t50.intoArray(c5, cj);
    t51.intoArray(c5, cj + L);
  }

  /**
   * As {@link #kernel}, for the last strip of {@code c} when it is at most one vector wide (4 of
   * 100 columns with 16-column strips): the 6 × L tile in 6 registers, one vector load of the
   * strip's first half per step. Computing that strip 16 wide spent an eighth of a 100-column
   * product's multiply-adds on the zeros of its padding.
   */
  private static void kernelNarrow(double[][] c, int ci, int cj, boolean zero, double[][] a,
      int ai, int aLast, int ak, double[] b, int bOff, int kc) {
    double[] c0 = c[ci];
    double[] c1 = c[ci + 1];
    double[] c2 = c[ci + 2];
    double[] c3 = c[ci + 3];
    double[] c4 = c[ci + 4];
    double[] c5 = c[ci + 5];
    DoubleVector t0 = start(zero, c0, cj);
    DoubleVector t1 = start(zero, c1, cj);
    DoubleVector t2 = start(zero, c2, cj);
    DoubleVector t3 = start(zero, c3, cj);
    DoubleVector t4 = start(zero, c4, cj);
    DoubleVector t5 = start(zero, c5, cj);
    double[] a0 = a[ai];
    double[] a1 = a[Math.min(ai + 1, aLast)];
    double[] a2 = a[Math.min(ai + 2, aLast)];
    double[] a3 = a[Math.min(ai + 3, aLast)];
    double[] a4 = a[Math.min(ai + 4, aLast)];
    double[] a5 = a[Math.min(ai + 5, aLast)];
    for (int k = 0; k < kc; k++) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bOff + k * NR);
      int ka = ak + k;
      t0 = DoubleVector.broadcast(S, a0[ka]).fma(b0, t0);
      t1 = DoubleVector.broadcast(S, a1[ka]).fma(b0, t1);
      t2 = DoubleVector.broadcast(S, a2[ka]).fma(b0, t2);
      t3 = DoubleVector.broadcast(S, a3[ka]).fma(b0, t3);
      t4 = DoubleVector.broadcast(S, a4[ka]).fma(b0, t4);
      t5 = DoubleVector.broadcast(S, a5[ka]).fma(b0, t5);
    }
    t0.intoArray(c0, cj);
    t1.intoArray(c1, cj);
    t2.intoArray(c2, cj);
    t3.intoArray(c3, cj);
    t4.intoArray(c4, cj);
    t5.intoArray(c5, cj);
  }

  /**
   * As {@link #kernel}, 8 rows: 16 accumulators, for CPUs with 32 vector registers (AVX-512).
   * Unmeasured on the benchmarks' AMD EPYC, where it spills (see {@link #rowsForThisCpu}).
   */
  private static void kernel8(double[][] c, int ci, int cj, boolean zero, double[][] a,
      int ai, int aLast, int ak, double[] b, int bOff, int kc) {
    double[] c0 = c[ci];
    double[] c1 = c[ci + 1];
    double[] c2 = c[ci + 2];
    double[] c3 = c[ci + 3];
    double[] c4 = c[ci + 4];
    double[] c5 = c[ci + 5];
    double[] c6 = c[ci + 6];
    double[] c7 = c[ci + 7];
    DoubleVector t00 = start(zero, c0, cj);
    DoubleVector t01 = start(zero, c0, cj + L);
    DoubleVector t10 = start(zero, c1, cj);
    DoubleVector t11 = start(zero, c1, cj + L);
    DoubleVector t20 = start(zero, c2, cj);
    DoubleVector t21 = start(zero, c2, cj + L);
    DoubleVector t30 = start(zero, c3, cj);
    DoubleVector t31 = start(zero, c3, cj + L);
    DoubleVector t40 = start(zero, c4, cj);
    DoubleVector t41 = start(zero, c4, cj + L);
    DoubleVector t50 = start(zero, c5, cj);
    DoubleVector t51 = start(zero, c5, cj + L);
    DoubleVector t60 = start(zero, c6, cj);
    DoubleVector t61 = start(zero, c6, cj + L);
    DoubleVector t70 = start(zero, c7, cj);
    DoubleVector t71 = start(zero, c7, cj + L);
    double[] a0 = a[ai];
    double[] a1 = a[Math.min(ai + 1, aLast)];
    double[] a2 = a[Math.min(ai + 2, aLast)];
    double[] a3 = a[Math.min(ai + 3, aLast)];
    double[] a4 = a[Math.min(ai + 4, aLast)];
    double[] a5 = a[Math.min(ai + 5, aLast)];
    double[] a6 = a[Math.min(ai + 6, aLast)];
    double[] a7 = a[Math.min(ai + 7, aLast)];
    for (int k = 0; k < kc; k++) {
      int o = bOff + k * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, b, o);
      DoubleVector b1 = DoubleVector.fromArray(S, b, o + L);
      int ka = ak + k;
      DoubleVector x = DoubleVector.broadcast(S, a0[ka]);
      t00 = x.fma(b0, t00);
      t01 = x.fma(b1, t01);
      x = DoubleVector.broadcast(S, a1[ka]);
      t10 = x.fma(b0, t10);
      t11 = x.fma(b1, t11);
      x = DoubleVector.broadcast(S, a2[ka]);
      t20 = x.fma(b0, t20);
      t21 = x.fma(b1, t21);
      x = DoubleVector.broadcast(S, a3[ka]);
      t30 = x.fma(b0, t30);
      t31 = x.fma(b1, t31);
      x = DoubleVector.broadcast(S, a4[ka]);
      t40 = x.fma(b0, t40);
      t41 = x.fma(b1, t41);
      x = DoubleVector.broadcast(S, a5[ka]);
      t50 = x.fma(b0, t50);
      t51 = x.fma(b1, t51);
      x = DoubleVector.broadcast(S, a6[ka]);
      t60 = x.fma(b0, t60);
      t61 = x.fma(b1, t61);
      x = DoubleVector.broadcast(S, a7[ka]);
      t70 = x.fma(b0, t70);
      t71 = x.fma(b1, t71);
    }
    t00.intoArray(c0, cj);
    t01.intoArray(c0, cj + L);
    t10.intoArray(c1, cj);
    t11.intoArray(c1, cj + L);
    t20.intoArray(c2, cj);
    t21.intoArray(c2, cj + L);
    t30.intoArray(c3, cj);
    t31.intoArray(c3, cj + L);
    t40.intoArray(c4, cj);
    t41.intoArray(c4, cj + L);
    t50.intoArray(c5, cj);
    t51.intoArray(c5, cj + L);
    t60.intoArray(c6, cj);
    t61.intoArray(c6, cj + L);
    t70.intoArray(c7, cj);
    t71.intoArray(c7, cj + L);
  }

  /** As {@link #kernelNarrow}, 8 rows (with {@link #kernel8}). */
  private static void kernelNarrow8(double[][] c, int ci, int cj, boolean zero, double[][] a,
      int ai, int aLast, int ak, double[] b, int bOff, int kc) {
    double[] c0 = c[ci];
    double[] c1 = c[ci + 1];
    double[] c2 = c[ci + 2];
    double[] c3 = c[ci + 3];
    double[] c4 = c[ci + 4];
    double[] c5 = c[ci + 5];
    double[] c6 = c[ci + 6];
    double[] c7 = c[ci + 7];
    DoubleVector t0 = start(zero, c0, cj);
    DoubleVector t1 = start(zero, c1, cj);
    DoubleVector t2 = start(zero, c2, cj);
    DoubleVector t3 = start(zero, c3, cj);
    DoubleVector t4 = start(zero, c4, cj);
    DoubleVector t5 = start(zero, c5, cj);
    DoubleVector t6 = start(zero, c6, cj);
    DoubleVector t7 = start(zero, c7, cj);
    double[] a0 = a[ai];
    double[] a1 = a[Math.min(ai + 1, aLast)];
    double[] a2 = a[Math.min(ai + 2, aLast)];
    double[] a3 = a[Math.min(ai + 3, aLast)];
    double[] a4 = a[Math.min(ai + 4, aLast)];
    double[] a5 = a[Math.min(ai + 5, aLast)];
    double[] a6 = a[Math.min(ai + 6, aLast)];
    double[] a7 = a[Math.min(ai + 7, aLast)];
    for (int k = 0; k < kc; k++) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bOff + k * NR);
      int ka = ak + k;
      t0 = DoubleVector.broadcast(S, a0[ka]).fma(b0, t0);
      t1 = DoubleVector.broadcast(S, a1[ka]).fma(b0, t1);
      t2 = DoubleVector.broadcast(S, a2[ka]).fma(b0, t2);
      t3 = DoubleVector.broadcast(S, a3[ka]).fma(b0, t3);
      t4 = DoubleVector.broadcast(S, a4[ka]).fma(b0, t4);
      t5 = DoubleVector.broadcast(S, a5[ka]).fma(b0, t5);
      t6 = DoubleVector.broadcast(S, a6[ka]).fma(b0, t6);
      t7 = DoubleVector.broadcast(S, a7[ka]).fma(b0, t7);
    }
    t0.intoArray(c0, cj);
    t1.intoArray(c1, cj);
    t2.intoArray(c2, cj);
    t3.intoArray(c3, cj);
    t4.intoArray(c4, cj);
    t5.intoArray(c5, cj);
    t6.intoArray(c6, cj);
    t7.intoArray(c7, cj);
  }
}
