package dev.offload.processing;

import dev.offload.deadletter.DeadLetters;
import dev.offload.metrics.TaskMetrics;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Handles one delivery of a task message inside the consumer's transaction (which holds the
 * message). Returns whether that transaction must roll back so the broker redelivers.
 */
@ApplicationScoped
public class TaskProcessor {

  private static final Logger LOG = Logger.getLogger(TaskProcessor.class.getName());

  /** Pauses of 2, 4, ... 256 ms: about half a second in all. */
  private static final long MAX_VISIBILITY_PAUSE_MS = 256;

  @Inject AttemptLedger ledger;

  @Resource ManagedExecutorService executor;
  @Inject DeadLetters deadLetters;
  @Inject TaskMetrics metrics;
  @Inject TaskTracing tracing;

  /** Processes a delivery; {@code true} means: roll back, the broker redelivers after its delay. */
  public boolean process(String taskId) {
    Attempt attempt = beginWhenVisible(taskId);
    switch (attempt.kind()) {
      case DONE:
        return false;
      case UNKNOWN:
        // Still no row: redeliver. A message whose task never appears reaches the DLQ through
        // the broker's max-delivery-attempts, where the dead-letter consumer reports it.
        LOG.warning(() -> "taskId=" + taskId + " outcome=UNKNOWN: no such task yet, redelivering");
        return true;
      case EXHAUSTED:
        deadLetters.send(taskId, attempt.type());
        return false;
      case RUN:
      default:
        break;
    }
    long start = System.nanoTime();
    Optional<Exception> failure = runWithin(attempt);
    metrics.attemptRan(
        attempt.type(),
        failure.isEmpty()
            ? "completed"
            : failure.get() instanceof AttemptTimedOut ? "timed-out" : "failed",
        Duration.ofNanos(System.nanoTime() - start));
    if (failure.isEmpty() || !ledger.fail(attempt, failure.get())) {
      return false;
    }
    if (attempt.last()) {
      // Moving the message to the DLQ commits with its consumption: it is never in both queues.
      deadLetters.send(taskId, attempt.type());
      return false;
    }
    return true;
  }

  /**
   * Runs the attempt on a managed thread and waits at most its timeout, so a stuck handler frees
   * this consumer instead of pinning it: the attempt is then abandoned (it will not commit), its
   * thread interrupted, and it counts as failed.
   */
  private Optional<Exception> runWithin(Attempt attempt) {
    AtomicBoolean abandoned = new AtomicBoolean();
    Future<Optional<Exception>> running =
        executor.submit(tracing.inCurrentTrace(() -> ledger.run(attempt, abandoned)));
    try {
      return running.get(attempt.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandoned.set(true);
      running.cancel(true);
      return Optional.of(new AttemptTimedOut(attempt.timeout()));
    } catch (ExecutionException e) {
      // The handler succeeded but its transaction did not commit: the attempt failed all the same.
      return Optional.of(e.getCause() instanceof Exception cause ? cause : e);
    } catch (InterruptedException e) {
      abandoned.set(true);
      running.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while task " + attempt.taskId() + " ran", e);
    }
  }

  /**
   * The second phase of the submission's two-phase commit reaches the broker and the database one
   * after the other, so a message can arrive a moment before its task row is visible. Look again a
   * few times, briefly, before treating the task as unknown.
   */
  private Attempt beginWhenVisible(String taskId) {
    Attempt attempt = ledger.begin(taskId);
    for (long pauseMs = 2;
        attempt.kind() == Attempt.Kind.UNKNOWN && pauseMs <= MAX_VISIBILITY_PAUSE_MS;
        pauseMs *= 2) {
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      attempt = ledger.begin(taskId);
    }
    return attempt;
  }
}
