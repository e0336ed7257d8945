package dev.flatgrad.runtime;

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The one body of the five stacks: the backing array, size, growth, the empty check and the
 * per-thread pool. A subclass is only its element type: it names the array type {@code A}
 * ({@code double[]}, {@code int[]}, ..., {@code Object[]}) and reads and writes {@link #items}
 * in its typed {@code push}, {@code pop} and {@code peek}, so that pushing never boxes and never
 * allocates once the array has grown to the loop's size.
 *
 * @param <A> the backing array's type
 */
abstract class PrimitiveStack<A> {
  static final int DEFAULT_CAPACITY = 16;
  /** A thread keeps at most this many released stacks of a kind. */
  private static final int MAX_POOLED = 32;
  /** A released stack whose array grew beyond this many elements is dropped, not kept. */
  private static final int MAX_RETAINED = 1 << 20;
  /** Some VMs reserve header words in an array; stay below their limit. */
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  /** The elements, bottom first; slots at and above {@link #size()} are unused. */
  A items;
  private int capacity;
  private int size;
  private final Pool<?> pool;

  /** A stack over {@code items} (empty, of the initial capacity), released to its kind's pool. */
  PrimitiveStack(A items, Pool<?> pool) {
    this.items = items;
    this.capacity = Array.getLength(items);
    this.pool = pool;
  }

  static int checkCapacity(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("negative initial capacity: " + initialCapacity);
    }
    return initialCapacity;
  }

  /**
   * The slot for a new element, growing the array by doubling when it is full. Callers read
   * {@link #items} after this call, which may replace it.
   */
  final int pushSlot() {
    if (size == capacity) {
      grow();
    }
    return size++;
  }

  private void grow() {
    if (size == MAX_CAPACITY) {
      throw new IllegalStateException(getClass().getSimpleName() + ".push: stack is full");
    }
    capacity = (int) Math.min(MAX_CAPACITY, Math.max(DEFAULT_CAPACITY, 2L * size));
    Object bigger = Array.newInstance(items.getClass().getComponentType(), capacity);
    System.arraycopy(items, 0, bigger, 0, size);
    @SuppressWarnings("unchecked") // a new array of the same component type
    A typed = (A) bigger;
    items = typed;
  }

  /**
   * This empty stack's array, grown to hold at least {@code n} elements, for a loop that knows
   * before it starts how many values it tapes (at most one a trip): generated code writes and
   * reads the array at an index it keeps in a local, {@code sTape[sTop] = s; sTop++;} and later
   * {@code sTop--; s = sTape[sTop];}, where {@code push} and {@code pop} would load and store the
   * stack's size on every trip. The stack stays empty and keeps the array for its next borrower;
   * a negative {@code n} asks for nothing. The primitive stacks offer it as {@code tape(n)} (a
   * stack of references does not: its released array would keep what the loop wrote reachable).
   *
   * @throws IllegalStateException if the stack is not empty, or {@code n} is beyond an array's
   *     largest length
   */
  final A tapeArray(int n) {
    if (size != 0) {
      throw new IllegalStateException(getClass().getSimpleName() + ".tape: stack is not empty");
    }
    if (n > MAX_CAPACITY) {
      throw new IllegalStateException(getClass().getSimpleName() + ".tape: " + n + " elements are too many");
    }
    if (n > capacity) {
      @SuppressWarnings("unchecked") // a new array of the same component type
      A bigger = (A) Array.newInstance(items.getClass().getComponentType(), n);
      items = bigger;
      capacity = n;
    }
    return items;
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
   * Empties the stack and gives it back for its class's {@code borrow()}; do not use it
   * afterwards.
   */
  public final void release() {
    pool.release(this);
  }

  /**
   * Stacks released by this thread, handed out again by {@code borrow()}: generated code borrows
   * its stacks at the start of a call and releases them at the end, so that a loop's stacks are
   * allocated (and grown) once per thread, not once per call. A stack lost to an exception is
   * simply collected.
   */
  static final class Pool<S extends PrimitiveStack<?>> {
    private final ThreadLocal<ArrayDeque<S>> free = ThreadLocal.withInitial(ArrayDeque::new);
    private final Supplier<S> factory;

    Pool(Supplier<S> factory) {
      this.factory = factory;
    }

    S borrow() {
      S s = free.get().pollFirst();
      return s != null ? s : factory.get();
    }

    @SuppressWarnings("unchecked") // each class hands its own pool to its stacks
    void release(PrimitiveStack<?> s) {
      s.clear();
      ArrayDeque<S> q = free.get();
      if (q.size() < MAX_POOLED && s.capacity <= MAX_RETAINED && !q.contains(s)) {
        q.addFirst((S) s);
      }
    }
  }
}
