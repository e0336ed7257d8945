package dev.flatgrad.runtime;

import static dev.flatgrad.runtime.Exp.C10;
import static dev.flatgrad.runtime.Exp.C11;
import static dev.flatgrad.runtime.Exp.C12;
import static dev.flatgrad.runtime.Exp.C13;
import static dev.flatgrad.runtime.Exp.C2;
import static dev.flatgrad.runtime.Exp.C3;
import static dev.flatgrad.runtime.Exp.C4;
import static dev.flatgrad.runtime.Exp.C5;
import static dev.flatgrad.runtime.Exp.C6;
import static dev.flatgrad.runtime.Exp.C7;
import static dev.flatgrad.runtime.Exp.C8;
import static dev.flatgrad.runtime.Exp.C9;
import static dev.flatgrad.runtime.Exp.LIMIT;
import static dev.flatgrad.runtime.Exp.LN2_HI;
import static dev.flatgrad.runtime.Exp.LN2_LO;
import static dev.flatgrad.runtime.Exp.LOG2_E;
import static dev.flatgrad.runtime.Exp.SHIFT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Exp}'s algorithm on the incubating Vector API, operation for operation the scalar form
 * (so the bits are the same), a vector of entries at a time. A range that is not a whole number
 * of vectors ends with a vector that overlaps the one before it: a softmax over 10 classes is
 * two vectors of 8, where the 2 entries left to the scalar form took as long as the 8 of the
 * vector. A vector with an entry outside {@link Exp#LIMIT} (rare: overflow, subnormal results,
 * NaN) is left to the scalar form.
 *
 * <p>One method, the loop and the formula together, on purpose: the Vector API is fast only
 * when the JIT inlines every vector operation, and its operations are each some ten calls deep.
 * As a helper method called from the loop, the formula was inlined into {@code Nd.exp}'s
 * callers, deeper than the JIT's inlining depth, and its vectors were boxed on the heap (five
 * times slower than {@link Math#exp}); a method this size is not inlined into its callers but
 * compiled on its own.
 */
final class VectorExp implements Exp.Kernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  VectorExp() {
    if (L < 4) {
      throw new UnsupportedOperationException("vectors of " + L + " doubles: not worth it");
    }
  }

  @Override
  public int exp(double[] x, double shift, double[] out, int from, int to) {
    if (to - from < L) {
      return from;
    }
    DoubleVector log2E = DoubleVector.broadcast(S, LOG2_E);
    DoubleVector roundingShift = DoubleVector.broadcast(S, SHIFT);
    DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(S, LN2_LO);
    DoubleVector one = DoubleVector.broadcast(S, 1);
    DoubleVector c2 = DoubleVector.broadcast(S, C2);
    DoubleVector c3 = DoubleVector.broadcast(S, C3);
    DoubleVector c4 = DoubleVector.broadcast(S, C4);
    DoubleVector c5 = DoubleVector.broadcast(S, C5);
    DoubleVector c6 = DoubleVector.broadcast(S, C6);
    DoubleVector c7 = DoubleVector.broadcast(S, C7);
    DoubleVector c8 = DoubleVector.broadcast(S, C8);
    DoubleVector c9 = DoubleVector.broadcast(S, C9);
    DoubleVector c10 = DoubleVector.broadcast(S, C10);
    DoubleVector c11 = DoubleVector.broadcast(S, C11);
    DoubleVector c12 = DoubleVector.broadcast(S, C12);
    DoubleVector c13 = DoubleVector.broadcast(S, C13);
    for (int j = from; ; j += L) {
      int at = Math.min(j, to - L);
      DoubleVector v = DoubleVector.fromArray(S, x, at).sub(shift);
      if (v.abs().compare(VectorOperators.LE, LIMIT).allTrue()) {
        DoubleVector shifted = v.mul(log2E).add(roundingShift);
        DoubleVector minusK = shifted.sub(roundingShift).neg();
        DoubleVector rHi = minusK.fma(ln2Hi, v);
        DoubleVector rLo = minusK.mul(ln2Lo);
        DoubleVector r = rHi.add(rLo);
        DoubleVector q = c13.fma(r, c12);
        q = q.fma(r, c11);
        q = q.fma(r, c10);
        q = q.fma(r, c9);
        q = q.fma(r, c8);
        q = q.fma(r, c7);
        q = q.fma(r, c6);
        q = q.fma(r, c5);
        q = q.fma(r, c4);
        q = q.fma(r, c3);
        q = q.fma(r, c2);
        DoubleVector tail = q.fma(r.mul(r), rLo);
        DoubleVector head = one.add(rHi);
        tail = one.sub(head).add(rHi).add(tail);
        DoubleVector scale = shifted.reinterpretAsLongs().add(1023L)
            .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        head.add(tail).mul(scale).intoArray(out, at);
      } else {
        for (int k = at; k < at + L; k++) {
          out[k] = Exp.exp(x[k] - shift);
        }
      }
      if (at + L == to) {
        return to;
      }
    }
  }
}
