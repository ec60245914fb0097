package dev.offload.metrics;

import dev.offload.processing.AttemptRan;
import dev.offload.processing.AttemptStarted;
import dev.offload.processing.BatchCommitted;
import dev.offload.tasks.entity.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts committed transitions by type and times attempts. Each server counts what it committed:
 * API servers the submissions, worker servers the outcomes; Prometheus adds them up.
 */
@ApplicationScoped
public class TaskMetrics {

  @Inject MetricRegistry registry;

  /** Counts a transition once its transaction has committed: what rolled back never happened. */
  void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) Transition transition) {
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

  /**
   * Counts an attempt's start as it begins, since it is written only later, and times how long a
   * task waited from being due until its first attempt.
   */
  void started(@Observes AttemptStarted started) {
    Transition transition = started.transition();
    count(transition);
    if (transition.attempt() == 1) {
      Instant due = started.due();
      registry
          .timer("offload.task.queue.wait", type(transition.type()))
          .update(
              due.isAfter(transition.at())
                  ? Duration.ZERO
                  : Duration.between(due, transition.at()));
    }
  }

  /** How long an attempt ran, by type and outcome (completed, failed, timed-out, cancelled). */
  void ran(@Observes AttemptRan ran) {
    registry
        .timer("offload.task.processing", type(ran.type()), new Tag("outcome", ran.outcome()))
        .update(ran.took());
  }

  /** How many attempts completed together in one shared transaction. */
  void batched(@Observes BatchCommitted batch) {
    registry.histogram("offload.processing.batch.size").update(batch.attempts());
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
