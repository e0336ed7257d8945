package dev.flatgrad.processor.chain;

import dev.flatgrad.processor.ir.BinaryOp;

/** How an assignment is reversed: accumulating ({@code +=}, {@code -=}) or overwriting. */
public final class Stores {

  private Stores() {}

  /** {@code v += e} and {@code v -= e} (of a variable or an element) keep the target's adjoint. */
  public static boolean accumulates(BinaryOp compound) {
    return compound == BinaryOp.ADD || compound == BinaryOp.SUB;
  }
}
