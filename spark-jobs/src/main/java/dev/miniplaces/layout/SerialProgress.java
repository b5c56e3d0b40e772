package dev.miniplaces.layout;

import java.util.function.IntConsumer;

/**
 * Passes progress reports from many worker threads on to a listener one call at a time, so the listener (a
 * console progress bar, a counter) need not be thread-safe.
 */
public final class SerialProgress implements IntConsumer {
  private final IntConsumer listener;

  public SerialProgress(IntConsumer listener) {
    this.listener = listener;
  }

  @Override
  public synchronized void accept(int done) {
    listener.accept(done);
  }
}
