package dev.offload.tasks.control;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Cancels tasks that are not running. An attempt's start is written only once it has run for a
 * moment (or with its outcome), so a cancel can meet an attempt that has just begun: the cancel
 * commits, the attempt's own transaction then fails its version check and rolls back (its database
 * work with it), and a cancelled task's message is consumed without running.
 */
@ApplicationScoped
public class Cancellations {

  private static final Logger LOG = Logger.getLogger(Cancellations.class.getName());

  @Inject TaskQueries queries;

  // Refused before anything changes: nothing to roll back, and no FFDC incident filed by Liberty.
  @Transactional(
      value = TxType.REQUIRED,
      dontRollbackOn = {NoSuchTask.class, IllegalTransitionException.class})
  public Task cancel(String taskId, OperatorNote note, Visibility visibility) {
    Task task = queries.lock(taskId, visibility);
    task.cancel(note.by(), note.reason(), Instant.now());
    LOG.info(() -> task.describe() + " outcome=CANCELLED by " + note.by());
    return task;
  }
}
