package dev.offload.handlers;

import jakarta.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * What a handler knows about the attempt it runs: {@code taskId} and {@code attempt} identify it,
 * so a handler with effects outside the database can make them idempotent; {@link #cancelled()}
 * says whether its task has been cancelled meanwhile.
 */
public record TaskContext(
    String taskId,
    String type,
    int attempt,
    int maxAttempts,
    JsonObject payload,
    BooleanSupplier cancellation) {

  /** An attempt that is never cancelled (for tests of a handler). */
  public TaskContext(String taskId, String type, int attempt, int maxAttempts, JsonObject payload) {
    this(taskId, type, attempt, maxAttempts, payload, () -> false);
  }

  /**
   * Whether the task was cancelled while this attempt ran. Its thread is interrupted too, so
   * blocking calls end with {@link InterruptedException}; a handler that loops without blocking
   * should look here between steps and stop. Whatever it returns, nothing of the attempt commits.
   */
  public boolean cancelled() {
    return cancellation.getAsBoolean();
  }
}
