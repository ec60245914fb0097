package dev.offload.tasks.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTransient;
import java.time.Instant;

/**
 * One committed transition of a task, as it travels on the topic and to live clients. Transitions
 * made by different servers may arrive out of order; {@code revision} (the task's revision once the
 * transition was written) puts them back in order.
 */
@JsonbNillable
@JsonbPropertyOrder({"taskId", "type", "owner", "status", "attempt", "revision", "at", "detail"})
public record Transition(
    String taskId,
    String type,
    String owner,
    TaskStatus status,
    int attempt,
    long revision,
    Instant at,
    String detail)
    implements LiveEvent {

  public static Transition of(Task task, TaskEvent event) {
    return new Transition(
        task.getId(),
        task.getType(),
        task.getOwner(),
        event.getStatus(),
        event.getAttempt(),
        task.getRevision(),
        event.getAt(),
        event.getDetail());
  }

  /**
   * Attempt {@code attempt}'s start as it begins, announced before it is written (at the task's
   * next revision) and built without the task's history, which would be read just for it.
   */
  public static Transition started(Task task, int attempt, String worker, Instant at) {
    return new Transition(
        task.getId(),
        task.getType(),
        task.getOwner(),
        TaskStatus.PROCESSING,
        attempt,
        task.getRevision() + 1,
        Task.millis(at),
        Task.startDetail(worker));
  }

  /** The current status of a task, sent first to a client that starts following it. */
  public static Transition current(Task task) {
    return new Transition(
        task.getId(),
        task.getType(),
        task.getOwner(),
        task.getStatus(),
        task.getAttempts(),
        task.getRevision(),
        Instant.now(),
        null);
  }

  @JsonbTransient
  public boolean isFinal() {
    return status.isFinal();
  }
}
