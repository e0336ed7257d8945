package dev.flatgrad.runtime;

/**
 * A stack of {@code char} values without boxing: the characters a loop overwrites, which
 * generated backward code restores in reverse. Grows by doubling; {@link #push}
 * does not allocate once grown.
 */
public final class CharStack extends PrimitiveStack<char[]> {
  private static final Pool<CharStack> POOL = new Pool<>(CharStack::new);

  /**
   * An empty stack, reused from those this thread released (see {@link #release()}), or new.
   */
  public static CharStack borrow() {
    return POOL.borrow();
  }

  /** An empty stack with a small initial capacity. */
  public CharStack() {
    this(DEFAULT_CAPACITY);
  }

  /** An empty stack that holds {@code initialCapacity} elements before it first grows. */
  public CharStack(int initialCapacity) {
    super(new char[checkCapacity(initialCapacity)], POOL);
  }

  /** Pushes {@code x} on top. */
  public void push(char x) {
    // Not items[pushSlot()] = x: Java reads the field before pushSlot() may replace the array.
    int slot = pushSlot();
    items[slot] = x;
  }

  /**
   * Removes and returns the top element.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public char pop() {
    return items[popSlot()];
  }

  /**
   * Returns the top element without removing it.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public char peek() {
    return items[topSlot("peek")];
  }

  /**
   * This empty stack's array with room for {@code n} elements, which a loop taping at most one
   * value a trip writes and reads at its own index instead of pushing and popping; the stack
   * stays empty and keeps the array for its next borrower.
   *
   * @throws IllegalStateException if the stack is not empty
   */
  public char[] tape(int n) {
    return tapeArray(n);
  }
}
