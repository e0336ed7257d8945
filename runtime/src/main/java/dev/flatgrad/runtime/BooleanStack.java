package dev.flatgrad.runtime;

/**
 * A stack of {@code boolean} values without boxing: the directions of the branches taken inside
 * a loop, which generated backward code replays in reverse. Grows by doubling; {@link #push} and
 * {@link #record} do not allocate once grown.
 */
public final class BooleanStack extends PrimitiveStack<boolean[]> {
  private static final Pool<BooleanStack> POOL = new Pool<>(BooleanStack::new);

  /**
   * An empty stack, reused from those this thread released (see {@link #release()}), or new.
   */
  public static BooleanStack borrow() {
    return POOL.borrow();
  }

  /** An empty stack with a small initial capacity. */
  public BooleanStack() {
    this(DEFAULT_CAPACITY);
  }

  /** An empty stack that holds {@code initialCapacity} elements before it first grows. */
  public BooleanStack(int initialCapacity) {
    super(new boolean[checkCapacity(initialCapacity)], POOL);
  }

  /** Pushes {@code x} on top. */
  public void push(boolean x) {
    // Not items[pushSlot()] = x: Java reads the field before pushSlot() may replace the array.
    int slot = pushSlot();
    items[slot] = x;
  }

  /**
   * Pushes {@code b} and returns it, so that a forward branch records its direction in place:
   * {@code if (branches.record(margin > 0)) ...}.
   */
  public boolean record(boolean b) {
    push(b);
    return b;
  }

  /**
   * Removes and returns the top element.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public boolean pop() {
    return items[popSlot()];
  }

  /**
   * Returns the top element without removing it.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public boolean peek() {
    return items[topSlot("peek")];
  }

  /**
   * This empty stack's array with room for {@code n} elements, which a loop taping at most one
   * value a trip writes and reads at its own index instead of pushing and popping; the stack
   * stays empty and keeps the array for its next borrower.
   *
   * @throws IllegalStateException if the stack is not empty
   */
  public boolean[] tape(int n) {
    return tapeArray(n);
  }
}
