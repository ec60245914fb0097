package dev.offload.tasks.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A handler's report on a running attempt: how far it has come ({@code percent}, 0 to 100) and what
 * it is doing. Live clients hear up to ten a second, the latest always; the task keeps the latest,
 * written a few times a second at most.
 */
@JsonbNillable
@JsonbPropertyOrder({"taskId", "type", "owner", "attempt", "percent", "message", "at"})
public record Progress(
    String taskId, String type, String owner, int attempt, int percent, String message, Instant at)
    implements LiveEvent {

  public static final int MAX_MESSAGE_LENGTH = 500;

  public Progress {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(at, "at");
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be from 0 to 100 percent, not " + percent);
    }
    if (message != null && message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH);
    }
    at = Task.millis(at);
  }

  /** A report on attempt {@code attempt} of {@code task}, made {@code at}. */
  public static Progress of(Task task, int attempt, int percent, String message, Instant at) {
    return new Progress(
        task.getId(), task.getType(), task.getOwner(), attempt, percent, message, at);
  }
}
