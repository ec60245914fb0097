package dev.offload.tasks.control;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Cancels tasks that have not finished. The cancel commits first; a running attempt (or one that
 * has just begun, whose start is not written yet) then finds the task changed: its transaction
 * fails its version check and rolls back, its database work with it. Its worker hears the
 * cancellation on the events topic and interrupts the handler. A cancelled task's message still on
 * the queue is consumed without running.
 */
@ApplicationScoped
public class Cancellations {

  private static final Logger LOG = Logger.getLogger(Cancellations.class.getName());

  @Inject TaskQueries queries;

  // Refused before anything changes: nothing to roll back, and no FFDC incident filed by Liberty.
  @Transactional(
      value = TxType.REQUIRED,
      dontRollbackOn = {NoSuchTask.class, IllegalTransitionException.class})
  public Cancelled cancel(String taskId, OperatorNote note, Visibility visibility) {
    Task task = queries.lock(taskId, visibility);
    boolean running = task.getStatus() == TaskStatus.PROCESSING;
    task.cancel(note.by(), note.reason(), Instant.now());
    LOG.info(
        () ->
            task.describe()
                + " outcome=CANCELLED by "
                + note.by()
                + (running ? " (its running attempt is being stopped)" : ""));
    return new Cancelled(task, running);
  }

  /** A cancelled task, and whether an attempt of it was running (and is being stopped). */
  public record Cancelled(Task task, boolean wasRunning) {}
}
