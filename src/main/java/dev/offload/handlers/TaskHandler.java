package dev.offload.handlers;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The work behind one task type. Add a type by adding a CDI bean (e.g. {@code @ApplicationScoped})
 * that implements this interface; Offload finds it by {@link #type()}.
 *
 * <p>{@link #handle} runs inside the attempt's transaction: database work it does through the
 * container's data sources commits together with the task's completion, or not at all. Throwing
 * fails the attempt; the next one runs after a growing delay until the task's attempts are spent.
 */
public interface TaskHandler {

  /** The task type this handler serves, as clients send it in {@code "type"}. */
  String type();

  /**
   * Checks a payload when the task is submitted, so bad input is refused with 400 instead of
   * failing every attempt. Throw {@link IllegalArgumentException} with a message for the client.
   */
  default void validate(JsonObject payload) {}

  /** Does the work and returns the task's result (any JSON value, or {@code JsonValue.NULL}). */
  JsonValue handle(TaskContext task) throws Exception;
}
