package dev.offload.platform;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Work handed over one item at a time and done a batch at a time by background threads: what
 * arrives while a batch is being handled waits for the next one, so a fixed cost (a commit, a send)
 * is paid once per batch instead of once per item, and nobody waits for a timer.
 *
 * @param <T> the items
 */
public final class Batches<T> {

  private final BlockingQueue<T> waiting;
  private final int batchMax;
  private final Consumer<List<T>> handler;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean open = true;

  /**
   * Starts {@code threads} workers named {@code name-0, name-1, ...}; at most {@code capacity}
   * items wait, at most {@code batchMax} go to {@code handler} at once. The handler deals with its
   * own failures.
   */
  public Batches(
      ManagedThreadFactory factory,
      String name,
      int threads,
      int capacity,
      int batchMax,
      Consumer<List<T>> handler) {
    this.waiting = new LinkedBlockingQueue<>(capacity);
    this.batchMax = batchMax;
    this.handler = handler;
    for (int i = 0; i < threads; i++) {
      Thread worker = factory.newThread(this::handleUntilClosed);
      worker.setName(name + "-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /** Queues an item; false once closed, or when {@code capacity} items are waiting already. */
  public boolean offer(T item) {
    return open && waiting.offer(item);
  }

  /** Stops the workers and returns what was still waiting, which nobody will handle now. */
  public List<T> close() {
    open = false;
    workers.forEach(Thread::interrupt);
    List<T> left = new ArrayList<>();
    waiting.drainTo(left);
    return left;
  }

  private void handleUntilClosed() {
    List<T> batch = new ArrayList<>(batchMax);
    while (open) {
      try {
        T first = waiting.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        waiting.drainTo(batch, batchMax - 1);
        handler.accept(batch);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }
}
