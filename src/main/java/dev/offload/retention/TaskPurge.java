package dev.offload.retention;

import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Deletes finished tasks in batches, each batch its own short transaction so submissions never wait
 * behind a long delete. FAILED tasks are kept: their dead letters are still in the DLQ.
 */
@ApplicationScoped
public class TaskPurge {

  static final int BATCH = 500;
  static final Set<TaskStatus> PURGEABLE =
      EnumSet.of(TaskStatus.COMPLETED, TaskStatus.DISCARDED, TaskStatus.CANCELLED);

  @PersistenceContext EntityManager em;

  /**
   * Deletes up to {@link #BATCH} tasks finished before {@code cutoff}, in a transaction of its own;
   * returns how many went (fewer than a batch: nothing older is left).
   */
  @Transactional(TxType.REQUIRES_NEW)
  public int batch(Instant cutoff) {
    List<String> ids =
        em.createQuery(
                "SELECT t.id FROM Task t WHERE t.status IN :done AND t.finishedAt < :cutoff",
                String.class)
            .setParameter("done", PURGEABLE)
            .setParameter("cutoff", cutoff)
            .setMaxResults(BATCH)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    // Their events go with them: the foreign key cascades (migration V2).
    return em.createQuery("DELETE FROM Task t WHERE t.id IN :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
