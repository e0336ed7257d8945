package dev.flatgrad.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads that large operations ({@link MatMul}'s products, elementwise work on large
 * arrays) split their work over: the calling thread plus {@code threads - 1} daemon workers of
 * one small pool shared by the whole runtime, started on first use and stopped after a minute
 * idle. The thread count is {@link Runtime#availableProcessors()} unless the system property
 * {@code flatgrad.threads} or {@link Nd#setThreads} says otherwise; 1 runs everything on the
 * calling thread.
 *
 * <p>Work is cut into parts that the caller claims one at a time, as do the workers it wakes;
 * the caller then waits only for parts a worker has already started. So a call never waits for
 * a queued task: when the workers are busy (another thread's product, or a worker descheduled on
 * a loaded machine) the caller does the rest itself, and no arrangement of callers can deadlock.
 * This is also why the pool is not the common {@code ForkJoinPool}: a user's parallel stream
 * that calls {@code Nd.dot} from the common pool's workers would have our parts compete with, and
 * be joined inside, its own tasks, and with {@code availableProcessors() - 1} workers the common
 * pool has a single one on a 2-core machine. A thread that runs out of work spins a moment
 * ({@link #SPIN_NANOS}) before it blocks, so that the several hand-offs of one product do not
 * each wait for a blocked thread to be woken.
 *
 * <p>Which part computes which output never changes the arithmetic: callers cut along rows or
 * columns of the result, each computed by the same sequence of operations whatever the cut, so
 * results are bit for bit the same for every thread count.
 */
final class Parallel {
  private static final System.Logger LOG = System.getLogger("dev.flatgrad.runtime");

  private static volatile int threads = initialThreads();
  private static ThreadPoolExecutor pool; // guarded by Parallel.class

  private Parallel() {}

  private static int initialThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    String property = System.getProperty("flatgrad.threads");
    if (property == null) {
      return cores;
    }
    try {
      int n = Integer.parseInt(property.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.log(Level.WARNING, "flatgrad.threads=" + property + " is not a thread count >= 1; using "
        + cores + " (the available processors)");
    return cores;
  }

  /** The number of threads a large operation uses, the caller included. */
  static int threads() {
    return threads;
  }

  /** Sets the thread count; the workers of a previous count finish what they started. */
  static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Nd.setThreads: the thread count must be at least 1: " + n);
    }
    if (n != threads) {
      threads = n;
      if (pool != null) {
        pool.shutdown();
        pool = null;
      }
    }
  }

  private static synchronized ExecutorService pool(int workers) {
    if (pool == null || pool.getCorePoolSize() != workers) {
      if (pool != null) {
        pool.shutdown();
      }
      AtomicInteger count = new AtomicInteger();
      pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
          new SpinningQueue(), task -> {
            Thread t = new Thread(task, "flatgrad-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }

  /**
   * How long a thread that has run out of work keeps checking for more before it blocks: a worker
   * for the next call's parts, a caller for its workers' last parts. A product makes several
   * calls a few microseconds apart (one per chunk of its packed operand, and one to pack it), and
   * a thread that blocked in between must be woken by the kernel (on a virtual machine, by an
   * interrupt to an idle virtual CPU): that wake-up, paid twice per call, is what a blocked thread
   * costs. Bounded, so an idle program's threads go quiet within a fraction of a millisecond
   * (OpenBLAS's threads, by comparison, spin for much longer).
   */
  static final long SPIN_NANOS = 100_000;

  /** Whether a thread that started spinning at {@code start} keeps on; a pause for the CPU. */
  private static boolean keepSpinning(long start) {
    Thread.onSpinWait();
    return System.nanoTime() - start < SPIN_NANOS;
  }

  /** The workers' queue: a worker that finds it empty spins a while before it blocks. */
  private static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
      Runnable task = spin();
      return task != null ? task : super.poll(timeout, unit);
    }

    @Override
    public Runnable take() throws InterruptedException {
      Runnable task = spin();
      return task != null ? task : super.take();
    }

    private Runnable spin() {
      long start = System.nanoTime();
      Runnable task;
      while ((task = poll()) == null && keepSpinning(start)) {
        // the queue's empty check reads one counter, without its lock
      }
      return task;
    }
  }

  /**
   * Parts per thread: more parts than threads, so that when a worker is descheduled (a loaded
   * machine) or starts late, the caller and the other workers take over the parts it has not
   * claimed instead of waiting for one large part. Measured under load (best of 25 s, one part
   * per thread): the plain kernel on two threads ran at a third of its one-thread speed.
   */
  private static final int PARTS_PER_THREAD = 4;

  /**
   * How many parts to cut {@code work} units into so that each has at least {@code minPerPart}:
   * 1 on one thread, else between 1 and {@code 4 × threads()}, a multiple of {@code threads()}
   * once there are that many: 7 equal parts on 2 threads (a 500×3073·3073×10 product) kept one
   * thread busy for 4 of them and the other for 3, an eighth of the product's time waiting.
   */
  static int parts(long work, long minPerPart) {
    int n = threads;
    int parts =
        n == 1 ? 1 : (int) Math.max(1, Math.min((long) PARTS_PER_THREAD * n, work / minPerPart));
    return parts > n ? parts / n * n : parts;
  }

  /** Work over a range of rows or of indices. */
  interface Range {
    void run(int from, int to);
  }

  /**
   * Elementwise work below this per part stays on one thread: 65,536 entries of arithmetic (so an
   * {@code add} splits from 131,072 entries, a 362×362 matrix), an eighth of that of a function
   * costing more an entry ({@code UnaryOp}'s cost: {@code exp}, {@code log}, {@code tanh}, {@code
   * sigmoid}). Measured on the benchmarks' 2 cores at a load of 7–11 (issue 13's small-shapes
   * round; best of 225 interleaved rounds of parts of 8,192 entries against this threshold): at
   * 128² … 256², two parts of an {@code add} took 1.02–1.07 times one part (waking a worker costs
   * what the second core saves, when it is free at all), of an {@code exp} 0.76–0.94; from 362²,
   * two threads took 0.5–0.75 of one thread's time for an {@code add} ({@code ParallelBench}, JMH,
   * wide error bars). A quiet machine may justify lower thresholds; this load did not.
   */
  static final long ELEMENTWISE_MIN_WORK = 1L << 16;

  /**
   * Runs {@code body} over {@code [0, size)}, cut into consecutive ranges of at least {@code
   * minWorkPerPart} of the {@code work} the whole range does, one per thread.
   */
  static void forRange(int size, long work, long minWorkPerPart, Range body) {
    int parts = (int) Math.min(size, parts(work, minWorkPerPart));
    if (parts <= 1) {
      body.run(0, size);
      return;
    }
    forEach(parts, p -> body.run(
        (int) ((long) size * p / parts), (int) ((long) size * (p + 1) / parts)));
  }

  /**
   * Runs {@code part.accept(p)} for every {@code p} in {@code [0, parts)}, on the calling thread
   * and up to {@code parts - 1} workers, and returns when all have finished. An exception of a
   * part is rethrown here (the other parts still run).
   */
  static void forEach(int parts, IntConsumer part) {
    int helpers = Math.min(parts, threads) - 1;
    if (helpers <= 0) {
      for (int p = 0; p < parts; p++) {
        part.accept(p);
      }
      return;
    }
    Job job = new Job(parts, part);
    try {
      ExecutorService workers = pool(threads - 1);
      for (int h = 0; h < helpers; h++) {
        workers.execute(job::work);
      }
    } catch (RejectedExecutionException e) {
      // The pool was shut down by a concurrent setThreads: the caller does the parts itself.
    }
    job.work();
    job.await();
  }

  /** One call's parts: a counter the threads claim them from, and a latch of finished parts. */
  private static final class Job {
    private final int parts;
    private final IntConsumer part;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch finished;
    private volatile Throwable failure;

    Job(int parts, IntConsumer part) {
      this.parts = parts;
      this.part = part;
      this.finished = new CountDownLatch(parts);
    }

    void work() {
      for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
        try {
          part.accept(p);
        } catch (Throwable t) {
          failure = t;
        } finally {
          finished.countDown();
        }
      }
    }

    void await() {
      boolean interrupted = false;
      long start = System.nanoTime();
      while (finished.getCount() != 0 && keepSpinning(start)) {
        // the workers' last parts usually end within the spin: no wake-up to wait for
      }
      while (true) {
        try {
          finished.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the parts in flight write into the caller's arrays: wait for them
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable t = failure;
      if (t instanceof RuntimeException r) {
        throw r;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }
}
