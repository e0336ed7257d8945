package dev.flatgrad.processor.reverse;

import dev.flatgrad.processor.ir.BinaryOp;

/** How an assignment is reversed: accumulating ({@code +=}, {@code -=}) or overwriting. */
final class Stores {

  private Stores() {}

  /** {@code v += e} and {@code v -= e} (of a variable or an element) keep the target's adjoint. */
  static boolean accumulates(BinaryOp compound) {
    return compound == BinaryOp.ADD || compound == BinaryOp.SUB;
  }
}
