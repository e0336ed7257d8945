package dev.flatgrad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class KernelAdviceTest {

  /** A logger that keeps what it is given. */
  private static final class Kept implements System.Logger {
    final List<String> messages = new ArrayList<>();

    @Override
    public String getName() {
      return "kept";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      messages.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      messages.add(level + " " + format);
    }
  }

  @Test
  void aLargePlainProductLogsHowToGetTheVectorKernelOnce() {
    Kept log = new Kept();
    KernelAdvice advice = new KernelAdvice(true, log);
    advice.plainProduct(KernelAdvice.MIN_WORK - 1);
    assertEquals(List.of(), log.messages, "a small product says nothing");
    advice.plainProduct(KernelAdvice.MIN_WORK);
    advice.plainProduct(10 * KernelAdvice.MIN_WORK);
    assertEquals(1, log.messages.size(), "once: " + log.messages);
    assertTrue(log.messages.get(0).startsWith("INFO "), log.messages.get(0));
    assertTrue(log.messages.get(0).contains("--add-modules jdk.incubator.vector"), log.messages.get(0));
  }

  @Test
  void nothingWhereItCannotHelp() {
    Kept log = new Kept();
    new KernelAdvice(false, log).plainProduct(10 * KernelAdvice.MIN_WORK);
    assertEquals(List.of(), log.messages);
  }
}
