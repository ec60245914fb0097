package dev.offload.processing;

import dev.offload.metrics.TaskMetrics;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Records attempts in transactions of their own, so that a failed attempt's bookkeeping (its
 * number, {@code RETRYING}, the error) survives the rollback that makes the broker redeliver, and
 * runs the handler in a transaction that commits its work together with the task's completion.
 */
@ApplicationScoped
public class AttemptLedger {

  private static final Logger LOG = Logger.getLogger(AttemptLedger.class.getName());

  @PersistenceContext EntityManager em;
  @Inject TaskHandlers handlers;
  @Inject WorkerIdentity worker;
  @Inject TaskMetrics metrics;
  @Inject TaskTracing tracing;
  @Resource TransactionSynchronizationRegistry transactions;

  /** Starts the next attempt of a delivered task, or says why none should run. */
  @Transactional(TxType.REQUIRES_NEW)
  public Attempt begin(String taskId) {
    Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
    if (task == null) {
      return Attempt.of(Attempt.Kind.UNKNOWN, taskId);
    }
    if (task.getStatus().isFinal()) {
      LOG.info(
          () ->
              task.describe()
                  + " outcome=DUPLICATE_DELIVERY: already "
                  + task.getStatus()
                  + ", acknowledged without running");
      return Attempt.of(Attempt.Kind.DONE, taskId);
    }
    if (!task.hasAttemptsLeft()) {
      LOG.info(() -> task.describe() + " outcome=EXHAUSTED: dead-lettering");
      return new Attempt(
          Attempt.Kind.EXHAUSTED,
          taskId,
          task.getType(),
          task.getAttempts(),
          task.getMaxAttempts(),
          true,
          task.getTimeout(),
          null);
    }
    Instant now = Instant.now();
    int number = task.startAttempt(worker.name(), now);
    if (number == 1) {
      Instant due = task.getRunAt() == null ? task.getCreatedAt() : task.getRunAt();
      metrics.waited(task.getType(), due.isAfter(now) ? Duration.ZERO : Duration.between(due, now));
    }
    LOG.info(() -> task.describe() + " outcome=PROCESSING");
    return new Attempt(
        Attempt.Kind.RUN,
        taskId,
        task.getType(),
        number,
        task.getMaxAttempts(),
        !task.hasAttemptsLeft(),
        task.getTimeout(),
        task.getPayload());
  }

  /**
   * Runs the handler and completes the task in one transaction: either both the handler's database
   * work and {@code COMPLETED} commit, or neither does. A handler's failure is returned, not
   * thrown: the transaction is marked for rollback instead, so an expected failure does not cross
   * the container as an exception (Liberty would record it as an incident). An attempt the consumer
   * has {@code abandoned} (timed out) never commits its completion.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public Optional<Exception> run(Attempt attempt, AtomicBoolean abandoned) {
    try {
      TaskHandler handler =
          handlers
              .forType(attempt.type())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no handler for task type '" + attempt.type() + "' on this server"));
      JsonObject payload = Json.createReader(new StringReader(attempt.payload())).readObject();
      JsonValue result =
          tracing.handler(
              attempt.type(),
              attempt.number(),
              () ->
                  handler.handle(
                      new TaskContext(
                          attempt.taskId(),
                          attempt.type(),
                          attempt.number(),
                          attempt.maxAttempts(),
                          payload)));
      if (abandoned.get()) {
        throw new AttemptTimedOut(attempt.timeout());
      }
      Task task = em.find(Task.class, attempt.taskId());
      task.complete((result == null ? JsonValue.NULL : result).toString(), Instant.now());
      LOG.info(() -> task.describe() + " outcome=COMPLETED");
      return Optional.empty();
    } catch (Exception failure) {
      transactions.setRollbackOnly();
      return Optional.of(failure);
    }
  }

  /**
   * Records a failed attempt: {@code RETRYING} with its error. Returns false, recording nothing,
   * when the attempt completed after all (a timeout that lost the race with the handler).
   */
  @Transactional(TxType.REQUIRES_NEW)
  public boolean fail(Attempt attempt, Throwable error) {
    Task task = em.find(Task.class, attempt.taskId(), LockModeType.PESSIMISTIC_WRITE);
    if (task.getStatus() != TaskStatus.PROCESSING || task.getAttempts() != attempt.number()) {
      return false;
    }
    task.failAttempt(describe(error), Instant.now());
    LOG.info(
        () ->
            task.describe()
                + " outcome=RETRYING"
                + (attempt.last() ? " (last attempt: dead-lettering)" : "")
                + " error="
                + task.getLastError());
    return true;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }
}
