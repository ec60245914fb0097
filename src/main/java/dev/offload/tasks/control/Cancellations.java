package dev.offload.tasks.control;

import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
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

  @PersistenceContext EntityManager em;

  @Transactional(TxType.REQUIRED)
  public Task cancel(String taskId, OperatorNote note) {
    Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
    if (task == null) {
      throw new NoSuchTask(taskId);
    }
    task.cancel(note.by(), note.reason(), Instant.now());
    LOG.info(() -> task.describe() + " outcome=CANCELLED by " + note.by());
    return task;
  }
}
