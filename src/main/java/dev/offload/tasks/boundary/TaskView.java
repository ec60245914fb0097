package dev.offload.tasks.boundary;

import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskEvent;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A task as the API shows it. Absent values are written as {@code null}, never left out. */
@JsonbNillable
@JsonbPropertyOrder({
  "id",
  "type",
  "owner",
  "status",
  "attempts",
  "maxAttempts",
  "priority",
  "runAt",
  "timeout",
  "payload",
  "result",
  "progress",
  "lastError",
  "createdAt",
  "startedAt",
  "finishedAt",
  "processedBy",
  "traceId",
  "revision",
  "history"
})
public record TaskView(
    String id,
    String type,
    String owner,
    TaskStatus status,
    int attempts,
    int maxAttempts,
    int priority,
    Instant runAt,
    Duration timeout,
    JsonObject payload,
    JsonValue result,
    ProgressView progress,
    String lastError,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String processedBy,
    String traceId,
    long revision,
    List<TaskEvent> history) {

  /** One factory for every read: {@code Json.createReader} looks the JSON provider up each time. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  /** The task with its history, as one task is shown. */
  public static TaskView of(Task task) {
    return of(task, task.getHistory());
  }

  /**
   * The task as a list shows it: {@code history} is {@code null}, so a page of tasks reads no
   * histories; one task's read has it.
   */
  public static TaskView listed(Task task) {
    return of(task, null);
  }

  private static TaskView of(Task task, List<TaskEvent> history) {
    return new TaskView(
        task.getId(),
        task.getType(),
        task.getOwner(),
        task.getStatus(),
        task.getAttempts(),
        task.getMaxAttempts(),
        task.getPriority(),
        task.getRunAt(),
        task.getTimeout(),
        READERS.createReader(new StringReader(task.getPayload())).readObject(),
        task.getResult() == null
            ? null
            : READERS.createReader(new StringReader(task.getResult())).readValue(),
        ProgressView.of(task.getProgress()),
        task.getLastError(),
        task.getCreatedAt(),
        task.getStartedAt(),
        task.getFinishedAt(),
        task.getProcessedBy(),
        task.getTraceId(),
        task.getRevision(),
        history);
  }

  /** The latest progress an attempt reported: how far it came, what it was doing, and when. */
  @JsonbPropertyOrder({"percent", "message", "at", "attempt"})
  public record ProgressView(int percent, String message, Instant at, int attempt) {

    static ProgressView of(Progress progress) {
      return progress == null
          ? null
          : new ProgressView(
              progress.percent(), progress.message(), progress.at(), progress.attempt());
    }
  }
}
