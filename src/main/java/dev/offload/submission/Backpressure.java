package dev.offload.submission;

import dev.offload.platform.BrokerQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses new tasks while the task queue's backlog is over its limit, so a flood cannot grow the
 * broker without bound. The depth is sampled from the broker at most once per interval, by one
 * request at a time, so checking costs the other requests nothing.
 */
@ApplicationScoped
public class Backpressure {

  static final long SAMPLE_INTERVAL_NANOS = 1_000_000_000L;

  @Inject BrokerQueues broker;

  @Inject
  @ConfigProperty(name = "offload.submission.max-queue-depth", defaultValue = "100000")
  long maxQueueDepth;

  private final AtomicBoolean sampling = new AtomicBoolean();
  private volatile long depth;
  private volatile long sampledAt = System.nanoTime() - SAMPLE_INTERVAL_NANOS;

  /** Passes while the backlog is under the limit; otherwise throws {@link Overloaded}. */
  public void check() {
    if (System.nanoTime() - sampledAt >= SAMPLE_INTERVAL_NANOS
        && sampling.compareAndSet(false, true)) {
      try {
        // An unreachable broker keeps the last sample: the send itself will then fail with 503.
        broker.read(BrokerQueues.TASKS, "messageCount").ifPresent(d -> depth = d);
        sampledAt = System.nanoTime();
      } finally {
        sampling.set(false);
      }
    }
    long backlog = depth;
    if (backlog >= maxQueueDepth) {
      throw new Overloaded(backlog, maxQueueDepth);
    }
  }
}
