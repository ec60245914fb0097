package dev.offload.processing;

import dev.offload.platform.TaskMessages;
import jakarta.jms.Message;
import java.time.Duration;

/**
 * One delivery of a task message: the task, the attempt the message was sent for (0 when it does
 * not say) and that attempt's timeout.
 */
record Delivery(String taskId, int attempt, Duration timeout) {

  /** The longest timeout a task may have; a message without its own is given this one. */
  static final Duration LONGEST_TIMEOUT = Duration.ofHours(24);

  static Delivery of(Message message) {
    return new Delivery(
        TaskMessages.taskId(message),
        TaskMessages.attempt(message),
        TaskMessages.timeout(message, LONGEST_TIMEOUT));
  }
}
