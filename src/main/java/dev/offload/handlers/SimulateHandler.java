package dev.offload.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code simulate}: stands in for slow, failure-prone work. Payload: {@code durationMs} (work
 * time), {@code failTimes} (fail the first N attempts), {@code failRate} (0..1, chance an attempt
 * fails), {@code result} (echoed back as the task's result) and {@code recordEffect} (write a
 * {@link SimulatedEffect} row in the attempt's transaction, to count effects). Work of 100 ms or
 * more reports its progress every tenth of the way.
 */
@ApplicationScoped
public class SimulateHandler implements TaskHandler {

  @Override
  public String type() {
    return "simulate";
  }

  static final long MAX_DURATION_MS = 600_000;

  @Override
  public void validate(JsonObject payload) {
    number(payload, "durationMs", 0, MAX_DURATION_MS);
    number(payload, "failTimes", 0, Integer.MAX_VALUE);
    number(payload, "failRate", 0, 1);
    JsonValue record = payload.get("recordEffect");
    if (record != null && record != JsonValue.TRUE && record != JsonValue.FALSE) {
      throw new IllegalArgumentException("\"recordEffect\" must be true or false");
    }
  }

  @PersistenceContext EntityManager em;

  @Override
  public JsonValue handle(TaskContext task) throws InterruptedException {
    JsonObject payload = task.payload();
    if (payload.getBoolean("recordEffect", false)) {
      // Written in the attempt's transaction: it commits only with the task's completion.
      em.persist(new SimulatedEffect(task.taskId(), task.attempt(), Instant.now()));
    }
    long durationMs = (long) number(payload, "durationMs", 0, MAX_DURATION_MS);
    if (durationMs >= 100) {
      for (int step = 1; step <= 10; step++) {
        Thread.sleep(durationMs * step / 10 - durationMs * (step - 1) / 10);
        task.progress(step * 10, "step " + step + " of 10");
      }
    } else if (durationMs > 0) {
      Thread.sleep(durationMs);
    }
    int failTimes = (int) number(payload, "failTimes", 0, Integer.MAX_VALUE);
    if (task.attempt() <= failTimes) {
      throw new SimulatedFailure("simulated failure " + task.attempt() + " of " + failTimes);
    }
    double failRate = number(payload, "failRate", 0, 1);
    if (failRate > 0 && ThreadLocalRandom.current().nextDouble() < failRate) {
      throw new SimulatedFailure("simulated random failure (failRate " + failRate + ")");
    }
    return payload.getOrDefault("result", JsonValue.NULL);
  }

  private static double number(JsonObject payload, String name, double min, double max) {
    JsonValue value = payload.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return 0;
    }
    if (!(value instanceof JsonNumber number)
        || number.doubleValue() < min
        || number.doubleValue() > max) {
      throw new IllegalArgumentException(
          "\"" + name + "\" must be a number from " + format(min) + " to " + format(max));
    }
    return number.doubleValue();
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** An expected, simulated failure. */
  static class SimulatedFailure extends RuntimeException {
    SimulatedFailure(String message) {
      super(message, null, false, false);
    }
  }
}
