package dev.offload.processing;

import dev.offload.deadletter.DeadLetters;
import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.RetryLater;
import dev.offload.tasks.control.TaskQueue;
import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes what an attempt leaves behind when it does not complete, each in a transaction of its own
 * beside the attempt's: that a long attempt is running, and that an attempt failed, together with
 * the message of the next attempt (held back by the broker for the retry delay) or the dead letter.
 * Each write first checks, under the row lock, that the attempt is still the task's current one, so
 * a late or repeated write changes nothing.
 */
@ApplicationScoped
public class AttemptRecords {

  private static final Logger LOG = Logger.getLogger(AttemptRecords.class.getName());

  @PersistenceContext EntityManager em;
  @Inject WorkerIdentity worker;
  @Inject DeadLetters deadLetters;
  @Inject TaskQueue queue;

  /** The delay before a task's second attempt; each later one waits twice as long as the last. */
  @Inject
  @ConfigProperty(name = "offload.retry.delay", defaultValue = "PT1S")
  Duration firstDelay;

  @Inject
  @ConfigProperty(name = "offload.retry.max-delay", defaultValue = "PT5M")
  Duration maxDelay;

  /**
   * Writes {@code PROCESSING} for an attempt that runs longer than a moment, so that readers of the
   * database see it too. Live clients were told when it started; they are not told again.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public boolean running(String taskId, int attempt, Instant startedAt) {
    Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
    if (task == null || task.isPastAttempt(attempt)) {
      return false;
    }
    if (task.getAttempts() >= attempt) {
      // Written already (by an earlier try whose commit reported a failure after all).
      return task.getStatus() == TaskStatus.PROCESSING && task.getAttempts() == attempt;
    }
    task.startAttempt(attempt, worker.name(), startedAt);
    return true;
  }

  /**
   * Keeps a running attempt's progress report for readers of the database, unless the task has
   * finished or keeps a later report (of a later attempt, or a later one of this attempt: workers'
   * clocks need not agree). In SQL, because it must leave the task's version alone: the attempt's
   * own transaction read the task and writes its outcome with a check of that version, and a JPQL
   * update (in EclipseLink) increments it.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public void progress(Progress progress) {
    OffsetDateTime at = progress.at().atOffset(ZoneOffset.UTC);
    em.createNativeQuery(
            "UPDATE OFFLOAD_TASKS SET PROGRESS_ATTEMPT = ?, PROGRESS_PERCENT = ?,"
                + " PROGRESS_MESSAGE = ?, PROGRESS_AT = ?"
                + " WHERE ID = ? AND STATUS IN ('QUEUED', 'SCHEDULED', 'PROCESSING', 'RETRYING')"
                + " AND (PROGRESS_ATTEMPT IS NULL OR PROGRESS_ATTEMPT < ?"
                + " OR PROGRESS_ATTEMPT = ? AND PROGRESS_AT < ?)")
        .setParameter(1, progress.attempt())
        .setParameter(2, progress.percent())
        .setParameter(3, progress.message())
        .setParameter(4, at)
        .setParameter(5, progress.taskId())
        .setParameter(6, progress.attempt())
        .setParameter(7, progress.attempt())
        .setParameter(8, at)
        .executeUpdate();
  }

  /**
   * Records a failed attempt ({@code RETRYING} with its error) and sends the message of the next
   * attempt, delayed 1 s, 2 s, 4 s ... (or longer, when the handler asked to {@link RetryLater}),
   * or, after the run's last attempt or a {@link PermanentFailure}, the task's dead letter. Returns
   * false, recording nothing, when the attempt is no longer the task's current one (it completed
   * after all, or the task was cancelled meanwhile).
   */
  @Transactional(TxType.REQUIRES_NEW)
  public boolean failed(String taskId, int attempt, Throwable error) {
    Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
    if (task == null || task.isPastAttempt(attempt) || task.getAttempts() > attempt) {
      return false;
    }
    Instant now = Instant.now();
    if (task.getStatus() != TaskStatus.PROCESSING || task.getAttempts() != attempt) {
      // Its start was announced live when it began and is written now, with its outcome.
      task.startAttempt(attempt, worker.name(), now);
    }
    task.failAttempt(describe(error), now);
    boolean permanent = error instanceof PermanentFailure;
    boolean last = permanent || task.isLastAttempt(attempt);
    Duration delay = Duration.ZERO;
    if (last) {
      deadLetters.send(taskId, task.getType());
    } else {
      delay = nextDelay(attempt + 1 - task.firstAttemptOfRun(), error);
      queue.sendRetry(task, attempt + 1, delay);
    }
    String next =
        permanent
            ? " (permanent failure: dead-lettering)"
            : last ? " (last attempt: dead-lettering)" : " (next in " + delay + ")";
    LOG.info(() -> task.describe() + " outcome=RETRYING" + next + " error=" + task.getLastError());
    return true;
  }

  /** Dead-letters a task whose deliveries outlived its attempts (its workers died on them). */
  @Transactional(TxType.REQUIRES_NEW)
  public void exhausted(String taskId, String type) {
    deadLetters.send(taskId, type);
  }

  /**
   * The wait before the {@code n}th retry of a run after {@code error}: the usual {@link
   * #retryDelay}, or what the handler asked for when that is longer, up to the longest delay.
   */
  Duration nextDelay(int n, Throwable error) {
    Duration delay = retryDelay(n);
    if (error instanceof RetryLater later && later.notBefore().compareTo(delay) > 0) {
      delay = later.notBefore().compareTo(maxDelay) > 0 ? maxDelay : later.notBefore();
    }
    return delay;
  }

  /**
   * The wait before the {@code n}th retry of a run (n ≥ 1): the first delay doubled n − 1 times.
   */
  Duration retryDelay(int n) {
    Duration delay = firstDelay;
    for (int i = 1; i < n && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }
}
