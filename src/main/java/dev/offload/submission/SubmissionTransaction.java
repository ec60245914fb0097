package dev.offload.submission;

import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.control.TaskQueue;
import dev.offload.tasks.control.TracedTask;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskSpec;
import dev.offload.tracing.TaskTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts a task: the one transaction in which the task row is written and its message is sent.
 * Both commit (two-phase, XA) before the client hears 202, or neither does.
 */
@ApplicationScoped
public class SubmissionTransaction {

  private static final Logger LOG = Logger.getLogger(SubmissionTransaction.class.getName());

  @PersistenceContext EntityManager em;
  @Inject TaskQueue queue;
  @Inject TaskQueries queries;
  @Inject TaskTracing tracing;
  @Inject Event<Queued> queued;

  /** An attempt's timeout when the submission gives none. */
  @Inject
  @ConfigProperty(name = "offload.task.timeout", defaultValue = "PT5M")
  Duration defaultTimeout;

  /**
   * The task a request of {@code owner} asks for, not yet stored: its id is known before the
   * transaction.
   */
  public Task taskFor(SubmissionRequest request, String owner, IdempotencyKey key) {
    Instant now = Instant.now();
    Task task =
        Task.accepted(
            new TaskSpec(
                request.type(),
                request.payload().toString(),
                request.maxAttempts(),
                request.priority(),
                request.dueAt(now),
                request.timeout() == null ? defaultTimeout : request.timeout()),
            owner,
            now);
    if (key != null) {
      task.underKey(key.value(), request.requestHash());
    }
    return task.tracedIn(tracing.currentTraceId());
  }

  /**
   * Stores and enqueues a task; under a key already taken, fails before anything is sent. The row
   * is written before the message is sent: the database so joins the transaction first, the
   * two-phase commit commits it first, and a worker never receives a message whose row it cannot
   * see yet (it would wait and look again, a few milliseconds of every idle task's start).
   */
  @Transactional(TxType.REQUIRED)
  public Task submit(Task task) {
    em.persist(task);
    em.flush();
    queue.send(task);
    queued.fire(new Queued(List.of(task)));
    return task;
  }

  /**
   * Stores and enqueues several tasks in one transaction, so one two-phase commit carries them all
   * (group commit): all are accepted or none is.
   */
  @Transactional(TxType.REQUIRED)
  void submitAll(List<TracedTask> tasks) {
    for (TracedTask traced : tasks) {
      em.persist(traced.task());
    }
    em.flush(); // the rows first, as in submit
    queue.sendAll(tasks);
    queued.fire(new Queued(tasks.stream().map(TracedTask::task).toList()));
  }

  /**
   * Those of the tasks that were stored although their commit reported a failure, by id. That
   * happens when the broker goes away between the two phases: the database has committed, and the
   * messages, prepared in the broker's journal, are committed by transaction recovery. The stored
   * rows are the decision, so they are read back before any client is told anything: in one query,
   * so a failed group commit costs one read and not one per task (each of which could wait for a
   * free connection as long as the pool allows).
   */
  Map<String, Task> committedDespite(List<Task> tasks, RuntimeException failed) {
    Map<String, Task> stored;
    try {
      stored = queries.findAll(tasks.stream().map(Task::getId).toList());
    } catch (RuntimeException databaseUnavailable) {
      return Map.of();
    }
    stored
        .values()
        .forEach(
            t ->
                LOG.info(
                    () ->
                        t.describe()
                            + " outcome=QUEUED (the commit reported "
                            + failed.getClass().getSimpleName()
                            + "; the message is completed by transaction recovery)"));
    return stored;
  }

  /** Tasks written and sent in one transaction. */
  record Queued(List<Task> tasks) {}

  /** Logs what was accepted once its transaction has committed: a rollback accepted nothing. */
  void log(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued queued) {
    queued.tasks().forEach(task -> LOG.info(() -> task.describe() + " outcome=QUEUED"));
  }
}
