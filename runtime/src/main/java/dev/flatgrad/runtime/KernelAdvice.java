package dev.flatgrad.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time notice that large products run on the plain-Java kernel although the JVM could
 * run the Vector API one, about twice as fast, by adding its module: logged at the first such
 * product through {@link System.Logger}, so that a user who never asked finds out, once.
 */
final class KernelAdvice {

  /** A product this large (a 128×128·128×128 one) is worth the notice. */
  static final long MIN_WORK = 1L << 21;

  private final boolean applies;
  private final System.Logger log;
  private final AtomicBoolean given = new AtomicBoolean();

  /**
   * @param applies whether the notice can help: the vector module is missing and the user did
   *     not turn the vector kernel off ({@code -Dflatgrad.vector=false})
   */
  KernelAdvice(boolean applies, System.Logger log) {
    this.applies = applies;
    this.log = log;
  }

  /** A product of {@code work} multiply-adds is about to run on the plain kernel. */
  void plainProduct(long work) {
    if (applies && work >= MIN_WORK && !given.getAndSet(true)) {
      log.log(Level.INFO, "flatgrad: matrix products run on the plain-Java kernel, about half"
          + " as fast as the Vector API kernel this JVM could use: add --add-modules"
          + " jdk.incubator.vector to the java command (or to JDK_JAVA_OPTIONS, or to the"
          + " argLine of surefire). -Dflatgrad.vector=false keeps the plain kernel without this"
          + " message.");
    }
  }
}
