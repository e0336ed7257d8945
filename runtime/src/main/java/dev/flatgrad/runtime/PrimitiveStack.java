package dev.flatgrad.runtime;

/**
 * The bookkeeping the five stacks share: size, growth and the empty check. Each subclass owns
 * only its typed backing array, so that pushing never boxes and never allocates once the array
 * has grown to the loop's size.
 */
abstract class PrimitiveStack {
  static final int DEFAULT_CAPACITY = 16;
  /** Some VMs reserve header words in an array; stay below their limit. */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  private int size;

  /** The length of the backing array. */
  abstract int capacity();

  /** Replaces the backing array by a copy of length {@code capacity}. */
  abstract void resize(int capacity);

  static int checkCapacity(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("negative initial capacity: " + initialCapacity);
    }
    return initialCapacity;
  }

  /** The slot for a new element, growing the array by doubling when it is full. */
  final int pushSlot() {
    if (size == capacity()) {
      if (size == MAX_CAPACITY) {
        throw new IllegalStateException(getClass().getSimpleName() + ".push: stack is full");
      }
      resize((int) Math.min(MAX_CAPACITY, Math.max(DEFAULT_CAPACITY, 2L * size)));
    }
    return size++;
  }

  /** The slot of the top element, which is removed. */
  final int popSlot() {
    int top = topSlot("pop");
    size = top;
    return top;
  }

  /** The slot of the top element. */
  final int topSlot(String op) {
    if (size == 0) {
      throw new IllegalStateException(getClass().getSimpleName() + "." + op + ": stack is empty");
    }
    return size - 1;
  }

  /** The number of elements. */
  public final int size() {
    return size;
  }

  /** Whether there are no elements. */
  public final boolean isEmpty() {
    return size == 0;
  }

  /** Removes every element, keeping the backing array for reuse. */
  public void clear() {
    size = 0;
  }
}
