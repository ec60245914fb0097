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
    String detail) {

  public static Transition of(Task task, TaskEvent event) {
    return of(task, event, task.getRevision());
  }

  /** A transition not yet written: it will be, at the task's next revision. */
  public static Transition started(Task task, TaskEvent event) {
    return of(task, event, task.getRevision() + 1);
  }

  private static Transition of(Task task, TaskEvent event, long revision) {
    return new Transition(
        task.getId(),
        task.getType(),
        task.getOwner(),
        event.getStatus(),
        event.getAttempt(),
        revision,
        event.getAt(),
        event.getDetail());
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
