package dev.offload.deadletter;

import dev.offload.platform.TaskMessages;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;

/**
 * Consumes {@code offload.tasks.failed}, the broker's copy of every message that reaches the DLQ
 * (broker.xml diverts it), so each dead-lettered task ends {@code FAILED} whoever moved it there.
 */
@MessageDriven(name = "DeadLetterConsumer")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeadLetterConsumer implements MessageListener {

  private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class.getName());

  @Inject DeadLetters deadLetters;

  /**
   * A notice that names no task cannot ever be handled: it is acknowledged with a warning (the dead
   * letter itself stays in the DLQ for operators) instead of being redelivered forever. A notice
   * that fails for any other reason, the database being away, is redelivered until it succeeds.
   */
  @Override
  public void onMessage(Message message) {
    String taskId;
    try {
      taskId = TaskMessages.taskId(message);
    } catch (IllegalArgumentException notATaskMessage) {
      LOG.warning(
          () ->
              "outcome=DEAD_LETTER_IGNORED: "
                  + notATaskMessage.getMessage()
                  + "; it stays in offload.tasks.DLQ");
      return;
    }
    deadLetters.markFailed(taskId);
  }
}
