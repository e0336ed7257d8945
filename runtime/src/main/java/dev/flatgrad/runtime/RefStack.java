package dev.flatgrad.runtime;

import java.util.Arrays;

/**
 * A stack of references, for the arrays a loop replaces ({@code h = Nd.tanh(h)}) that generated
 * backward code needs again in reverse. Grows by doubling; popped slots are cleared so that the
 * stack does not keep large arrays alive.
 *
 * @param <T> the element type, typically {@code double[]} or {@code double[][]}
 */
public final class RefStack<T> extends PrimitiveStack<Object[]> {
  private static final Pool<RefStack<?>> POOL = new Pool<>(RefStack::new);

  /**
   * An empty stack, reused from those this thread released (see {@link #release()}), or new.
   */
  @SuppressWarnings("unchecked") // a released stack holds nothing, so any element type fits
  public static <T> RefStack<T> borrow() {
    return (RefStack<T>) POOL.borrow();
  }

  /** An empty stack with a small initial capacity. */
  public RefStack() {
    this(DEFAULT_CAPACITY);
  }

  /** An empty stack that holds {@code initialCapacity} elements before it first grows. */
  public RefStack(int initialCapacity) {
    super(new Object[checkCapacity(initialCapacity)], POOL);
  }

  /** Pushes {@code x} (which may be null) on top. */
  public void push(T x) {
    // Not items[pushSlot()] = x: Java reads the field before pushSlot() may replace the array.
    int slot = pushSlot();
    items[slot] = x;
  }

  /**
   * Removes and returns the top element.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public T pop() {
    int top = popSlot();
    T x = element(top);
    items[top] = null;
    return x;
  }

  /**
   * Returns the top element without removing it.
   *
   * @throws IllegalStateException if the stack is empty
   */
  public T peek() {
    return element(topSlot("peek"));
  }

  /** Removes every element and drops the references to them. */
  @Override
  public void clear() {
    Arrays.fill(items, 0, size(), null);
    super.clear();
  }

  // Only push stores into items, and it takes a T.
  @SuppressWarnings("unchecked")
  private T element(int slot) {
    return (T) items[slot];
  }
}
