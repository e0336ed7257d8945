package dev.flatgrad.spark;

import java.io.Serializable;

/** A batch built from {@code size} consecutive examples of a partition. */
record Block<B>(B batch, int size) implements Serializable {
  private static final long serialVersionUID = 1L;
}
