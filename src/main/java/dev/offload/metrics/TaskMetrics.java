package dev.offload.metrics;

import dev.offload.tasks.entity.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts committed transitions by type and times attempts. Each server counts what it committed:
 * API servers the submissions, worker servers the outcomes; Prometheus adds them up.
 */
@ApplicationScoped
public class TaskMetrics {

  @Inject MetricRegistry registry;

  /**
   * Counts a transition once its transaction has committed, or at once for an attempt's start,
   * which is announced before it is written.
   */
  public void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) Transition transition) {
    String name =
        switch (transition.status()) {
          case QUEUED, SCHEDULED -> transition.attempt() == 0 ? "offload.tasks.submitted" : null;
          case COMPLETED -> "offload.tasks.completed";
          case RETRYING -> "offload.tasks.retried";
          case FAILED -> "offload.tasks.deadlettered";
          case CANCELLED -> "offload.tasks.cancelled";
          case DISCARDED -> "offload.tasks.discarded";
          case PROCESSING -> "offload.attempts.started";
        };
    if (name != null) {
      registry.counter(name, type(transition.type())).inc();
    }
  }

  /** How long an attempt ran, by type and outcome (completed, failed, timed-out). */
  public void attemptRan(String type, String outcome, Duration duration) {
    registry
        .timer("offload.task.processing", type(type), new Tag("outcome", outcome))
        .update(duration);
  }

  /** How many attempts completed together in one shared transaction. */
  public void batched(int attempts) {
    registry.histogram("offload.processing.batch.size").update(attempts);
  }

  /** How long a task waited from being due until its first attempt started. */
  public void waited(String type, Duration wait) {
    registry.timer("offload.task.queue.wait", type(type)).update(wait);
  }

  /**
   * A submission refused, by reason (invalid, conflict, too-large, backpressure, unavailable...).
   */
  public void rejected(String reason) {
    registry.counter("offload.submissions.rejected", new Tag("reason", reason)).inc();
  }

  private static Tag type(String type) {
    return new Tag("type", type);
  }
}
