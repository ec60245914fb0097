package dev.offload.tasks.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a task is asked to do and within which limits, checked once here so that no task is built
 * from values it could not run with.
 *
 * @param runAt when the task is due; null for as soon as possible
 * @param timeout how long one attempt may run before it is abandoned and counted as failed
 */
public record TaskSpec(
    String type,
    String payloadJson,
    int maxAttempts,
    int priority,
    Instant runAt,
    Duration timeout) {

  public TaskSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(timeout, "timeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (priority < 0 || priority > 9) {
      throw new IllegalArgumentException("priority must be from 0 to 9, was " + priority);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }
}
