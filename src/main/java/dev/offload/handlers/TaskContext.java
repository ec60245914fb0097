package dev.offload.handlers;

import jakarta.json.JsonObject;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * What a handler knows about the attempt it runs, and what it may tell: {@code taskId} and {@code
 * attempt} identify the attempt, so a handler with effects outside the database can make them
 * idempotent; {@link #progress} reports how far it has come; {@link #cancelled()} says whether its
 * task has been cancelled meanwhile.
 */
public final class TaskContext {

  private final String taskId;
  private final String type;
  private final int attempt;
  private final int maxAttempts;
  private final JsonObject payload;
  private final BooleanSupplier cancellation;
  private final BiConsumer<Integer, String> progress;

  /**
   * An attempt that is never cancelled and whose progress goes nowhere (for tests of a handler).
   */
  public TaskContext(String taskId, String type, int attempt, int maxAttempts, JsonObject payload) {
    this(taskId, type, attempt, maxAttempts, payload, () -> false, (percent, message) -> {});
  }

  public TaskContext(
      String taskId,
      String type,
      int attempt,
      int maxAttempts,
      JsonObject payload,
      BooleanSupplier cancellation,
      BiConsumer<Integer, String> progress) {
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    this.type = type;
    this.attempt = attempt;
    this.maxAttempts = maxAttempts;
    this.payload = payload;
    this.cancellation = cancellation;
    this.progress = progress;
  }

  public String taskId() {
    return taskId;
  }

  public String type() {
    return type;
  }

  /** The attempt's number: 1 for the first, and never the same twice for one task. */
  public int attempt() {
    return attempt;
  }

  /** The attempt after which the current run of attempts is spent. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public JsonObject payload() {
    return payload;
  }

  /**
   * Reports how far the attempt has come: {@code percent} from 0 to 100, and a short {@code
   * message} (or null). Live clients hear every report at once; the task keeps the latest, written
   * a few times a second at most, so reporting costs the handler next to nothing.
   *
   * @throws IllegalArgumentException for a percentage outside 0 to 100
   */
  public void progress(int percent, String message) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("progress must be from 0 to 100 percent, not " + percent);
    }
    progress.accept(percent, message);
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
