package dev.flatgrad.runtime;

/**
 * The bookkeeping the five stacks share: size, growth and the empty check. Each subclass owns
 * only its typed backing array, so that pushing never boxes and never allocates once the array
 * has grown to the loop's size.
 */
abstract class PrimitiveStack {
  static final int DEFAULT_CAPACITY = 16;
  /** A thread keeps at most this many released stacks of a kind. */
  private static final int MAX_POOLED = 32;
  /** A released stack whose array grew beyond this many elements is dropped, not kept. */
  private static final int MAX_RETAINED = 1 << 20;
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

  /**
   * Stacks released by this thread, handed out again by {@code borrow()}: generated code borrows
   * its stacks at the start of a call and releases them at the end, so that a loop's stacks are
   * allocated (and grown) once per thread, not once per call. A stack lost to an exception is
   * simply collected.
   */
  static final class Pool<S extends PrimitiveStack> {
    private final ThreadLocal<java.util.ArrayDeque<S>> free =
        ThreadLocal.withInitial(java.util.ArrayDeque::new);
    private final java.util.function.Supplier<S> factory;

    Pool(java.util.function.Supplier<S> factory) {
      this.factory = factory;
    }

    S borrow() {
      S s = free.get().pollFirst();
      return s != null ? s : factory.get();
    }

    void release(S s) {
      s.clear();
      java.util.ArrayDeque<S> q = free.get();
      if (q.size() < MAX_POOLED && s.capacity() <= MAX_RETAINED && !q.contains(s)) {
        q.addFirst(s);
      }
    }
  }
}
