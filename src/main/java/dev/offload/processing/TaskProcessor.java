package dev.offload.processing;

import dev.offload.metrics.TaskMetrics;
import dev.offload.platform.Transactions;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Runs one delivery of a task message as one database transaction: the task is read, the handler
 * runs and {@code COMPLETED} is written, and the handler's own database work commits with it or not
 * at all. The transaction's timeout follows the task's, so an attempt may run as long as its task
 * allows. A failed attempt is recorded beside it ({@link AttemptRecords}); a delivery of an attempt
 * that already left its mark is acknowledged without running.
 */
@ApplicationScoped
public class TaskProcessor {

  /** One factory for every read: {@code Json.createReader} looks the JSON provider up each time. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final Logger LOG = Logger.getLogger(TaskProcessor.class.getName());

  /** Pauses of 2, 4, ... 256 ms: about half a second in all. */
  private static final long MAX_VISIBILITY_PAUSE_MS = 256;

  /** The attempt's transaction outlives its timeout by this much, so the watchdog acts first. */
  private static final int TRANSACTION_MARGIN_SECONDS = 30;

  @PersistenceContext EntityManager em;
  @Resource UserTransaction transaction;
  @Inject TaskHandlers handlers;
  @Inject WorkerIdentity worker;
  @Inject RunningAttempts running;
  @Inject AttemptRecords records;
  @Inject Event<Transition> transitions;
  @Inject TaskMetrics metrics;
  @Inject TaskTracing tracing;

  /** Processes a delivery; returns whether its attempt failed. */
  public boolean process(Delivery delivery) {
    try {
      return decide(delivery);
    } finally {
      // Whatever was thrown, the consumer's thread leaves no transaction open.
      rollback();
    }
  }

  private boolean decide(Delivery delivery) {
    Task task = beginWhenVisible(delivery);
    if (task.isPastAttempt(delivery.attempt())) {
      rollback();
      LOG.info(
          () ->
              task.describe()
                  + " outcome=DUPLICATE_DELIVERY: attempt "
                  + delivery.attempt()
                  + " already over ("
                  + task.getStatus()
                  + "), acknowledged without running");
      return false;
    }
    // The next after the last one begun: a delivery whose worker died while its start was written
    // counted as an attempt. One that died sooner left no mark, and its attempt runs again.
    int attempt = task.getAttempts() + 1;
    if (!task.allowsAttempt(attempt)) {
      rollback();
      LOG.info(() -> task.describe() + " outcome=EXHAUSTED: dead-lettering");
      records.exhausted(task.getId(), task.getType());
      return false;
    }
    return run(task, attempt);
  }

  private boolean run(Task task, int attempt) {
    Instant startedAt = Instant.now();
    // Live clients hear of the start at once; the task itself is left as read while the handler
    // runs, so a flush before the handler's own queries writes nothing of it. Its start is written
    // with the outcome, or by the watchdog once the attempt has run for a moment.
    transitions.fire(
        Transition.started(task, task.attemptStart(attempt, worker.name(), startedAt)));
    if (attempt == 1) {
      Instant due = task.getRunAt() == null ? task.getCreatedAt() : task.getRunAt();
      metrics.waited(
          task.getType(),
          due.isAfter(startedAt) ? Duration.ZERO : Duration.between(due, startedAt));
    }
    LOG.info(() -> task.describe(attempt) + " outcome=PROCESSING");

    long start = System.nanoTime();
    RunningAttempts.Running watched =
        running.start(task.getId(), attempt, task.getTimeout(), startedAt);
    JsonValue result = null;
    Exception failure = null;
    boolean startWritten;
    try {
      result = handle(task, attempt);
    } catch (Exception e) {
      failure = e;
    } finally {
      startWritten = running.finish(watched);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    if (watched.abandoned()) {
      watched.clearInterrupt();
      rollback();
      metrics.attemptRan(task.getType(), "timed-out", took);
      // The watchdog has recorded the timeout; making sure here (it changes nothing twice) keeps
      // the message from being acknowledged before the timeout is on record.
      records.failed(task.getId(), attempt, new AttemptTimedOut(task.getTimeout()));
      return true;
    }
    if (failure == null) {
      try {
        complete(task, attempt, startedAt, startWritten, result);
        metrics.attemptRan(task.getType(), "completed", took);
        return false;
      } catch (RuntimeException notCommitted) {
        failure = notCommitted;
      }
    }
    rollback();
    metrics.attemptRan(task.getType(), "failed", took);
    records.failed(task.getId(), attempt, failure);
    return true;
  }

  private JsonValue handle(Task task, int attempt) throws Exception {
    TaskHandler handler =
        handlers
            .forType(task.getType())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no handler for task type '" + task.getType() + "' on this server"));
    TaskContext context =
        new TaskContext(
            task.getId(),
            task.getType(),
            attempt,
            task.getMaxAttempts(),
            READERS.createReader(new StringReader(task.getPayload())).readObject());
    return tracing.handler(task.getType(), attempt, () -> handler.handle(context));
  }

  /**
   * Writes the attempt's start and its completion and commits them with the handler's work. When
   * the watchdog has written the start meanwhile, the task is read again (locked) first; a task
   * that has moved on (cancelled, or the attempt timed out) refuses the transition and nothing
   * commits.
   */
  private void complete(
      Task task, int attempt, Instant startedAt, boolean startWritten, JsonValue result) {
    try {
      if (startWritten) {
        em.refresh(task, LockModeType.PESSIMISTIC_WRITE);
      }
      if (task.getStatus() != TaskStatus.PROCESSING || task.getAttempts() != attempt) {
        task.startAttempt(attempt, worker.name(), startedAt);
        task.takeTransitions(); // announced when it began
      }
      task.complete((result == null ? JsonValue.NULL : result).toString(), Instant.now());
      transaction.commit();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the attempt's transaction did not commit: " + e, e);
    }
    LOG.info(() -> task.describe() + " outcome=COMPLETED");
  }

  /**
   * Begins the attempt's transaction and reads the task. A message can arrive a moment before its
   * task row is visible (the submission's two-phase commit reaches the broker and the database one
   * after the other), so look again a few times, briefly, before giving up: the delivery then fails
   * and the broker redelivers it, until its attempts run out and it reaches the dead-letter queue.
   */
  private Task beginWhenVisible(Delivery delivery) {
    for (long pauseMs = 2; ; pauseMs *= 2) {
      Task task;
      try {
        task = begin(delivery);
      } catch (RuntimeException e) {
        rollback();
        throw e;
      }
      if (task != null) {
        return task;
      }
      rollback();
      if (pauseMs > MAX_VISIBILITY_PAUSE_MS) {
        throw new IllegalStateException(
            "taskId=" + delivery.taskId() + " outcome=UNKNOWN: no such task, redelivering");
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + delivery.taskId(), e);
      }
    }
  }

  private Task begin(Delivery delivery) {
    try {
      transaction.setTransactionTimeout(
          (int)
              Math.min(
                  Integer.MAX_VALUE, delivery.timeout().toSeconds() + TRANSACTION_MARGIN_SECONDS));
      transaction.begin();
      transaction.setTransactionTimeout(0);
    } catch (Exception e) {
      throw new IllegalStateException("cannot begin the attempt's transaction: " + e, e);
    }
    return em.find(Task.class, delivery.taskId());
  }

  private void rollback() {
    Transactions.rollbackIfAny(transaction);
  }
}
