package dev.offload.tasks.control;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads tasks: by id, newest first with keyset pagination, and counts per status. */
@ApplicationScoped
public class TaskQueries {

  @PersistenceContext EntityManager em;

  public Optional<Task> find(String id) {
    return Optional.ofNullable(em.find(Task.class, id));
  }

  /** Those of the tasks with these ids that are stored, by id, read in one query. */
  public Map<String, Task> findAll(Collection<String> ids) {
    return em.createQuery("SELECT t FROM Task t WHERE t.id IN :ids", Task.class)
        .setParameter("ids", ids)
        .getResultStream()
        .collect(Collectors.toMap(Task::getId, Function.identity()));
  }

  /** The task with this id; {@link NoSuchTask} if there is none. */
  public Task get(String id) {
    return find(id).orElseThrow(() -> new NoSuchTask(id));
  }

  /**
   * The task with this id if the caller may see it; {@link NoSuchTask} if there is none or it is
   * another owner's, the same answer, so an id tells a caller nothing about others' tasks.
   */
  public Task get(String id, Visibility visibility) {
    return find(id)
        .filter(t -> visibility.sees(t.getOwner()))
        .orElseThrow(() -> new NoSuchTask(id));
  }

  /**
   * The task with this id, locked for the caller's transaction until it ends, so concurrent changes
   * of it wait their turn; {@link NoSuchTask} if there is none.
   */
  public Task lock(String id) {
    return lock(id, Visibility.EVERY_TASK);
  }

  /**
   * The task with this id, locked as {@link #lock(String)} does, if the caller may see it; {@link
   * NoSuchTask} as {@link #get(String, Visibility)} answers.
   */
  public Task lock(String id, Visibility visibility) {
    Task task = em.find(Task.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (task == null || !visibility.sees(task.getOwner())) {
      throw new NoSuchTask(id);
    }
    return task;
  }

  /** The task submitted under an idempotency key, if any. */
  public Optional<Task> findByIdempotencyKey(String key) {
    return em.createQuery("SELECT t FROM Task t WHERE t.idempotencyKey = :key", Task.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  /**
   * Up to {@code limit} tasks the caller may see older than {@code after}, newest first; each
   * filter (status, type, finished since an instant, cursor) applies where given.
   */
  public List<Task> list(
      Visibility visibility,
      TaskStatus status,
      String type,
      Instant finishedSince,
      Cursor after,
      int limit) {
    StringBuilder jpql = new StringBuilder("SELECT t FROM Task t WHERE 1 = 1");
    if (visibility.owner() != null) {
      jpql.append(" AND t.owner = :owner");
    }
    if (status != null) {
      jpql.append(" AND t.status = :status");
    }
    if (type != null) {
      jpql.append(" AND t.type = :type");
    }
    if (finishedSince != null) {
      jpql.append(" AND t.finishedAt >= :finishedSince");
    }
    if (after != null) {
      jpql.append(" AND (t.createdAt < :createdAt OR (t.createdAt = :createdAt AND t.id < :id))");
    }
    jpql.append(" ORDER BY t.createdAt DESC, t.id DESC");
    TypedQuery<Task> query = em.createQuery(jpql.toString(), Task.class).setMaxResults(limit);
    if (visibility.owner() != null) {
      query.setParameter("owner", visibility.owner());
    }
    if (status != null) {
      query.setParameter("status", status);
    }
    if (type != null) {
      query.setParameter("type", type);
    }
    if (finishedSince != null) {
      query.setParameter("finishedSince", finishedSince);
    }
    if (after != null) {
      query.setParameter("createdAt", after.createdAt()).setParameter("id", after.id());
    }
    return query.getResultList();
  }

  /** The number of tasks the caller may see in each status, zero included. */
  public Map<TaskStatus, Long> countByStatus(Visibility visibility) {
    Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
    for (TaskStatus status : TaskStatus.values()) {
      counts.put(status, 0L);
    }
    TypedQuery<Object[]> query =
        visibility.owner() == null
            ? em.createQuery(
                "SELECT t.status, COUNT(t) FROM Task t GROUP BY t.status", Object[].class)
            : em.createQuery(
                    "SELECT t.status, COUNT(t) FROM Task t WHERE t.owner = :owner GROUP BY t.status",
                    Object[].class)
                .setParameter("owner", visibility.owner());
    query.getResultList().forEach(row -> counts.put((TaskStatus) row[0], (Long) row[1]));
    return counts;
  }
}
