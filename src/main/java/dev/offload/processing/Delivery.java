package dev.offload.processing;

import dev.offload.platform.TaskMessages;
import dev.offload.tasks.entity.Task;
import jakarta.jms.Message;
import java.time.Duration;

/**
 * One delivery of a task message: the task and its type (null when the message does not say), the
 * attempt the message was sent for (0 when it does not say) and that attempt's timeout.
 */
record Delivery(String taskId, String type, int attempt, Duration timeout) {

  static Delivery of(Message message) {
    return new Delivery(
        TaskMessages.taskId(message),
        TaskMessages.type(message),
        TaskMessages.attempt(message),
        // A message without a timeout of its own gets the longest a task may have.
        TaskMessages.timeout(message, Task.MAX_TIMEOUT));
  }
}
