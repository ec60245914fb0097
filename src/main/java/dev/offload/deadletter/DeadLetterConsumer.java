package dev.offload.deadletter;

import dev.offload.platform.TaskMessages;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes {@code offload.tasks.failed}, the broker's copy of every message that reaches the DLQ
 * (broker.xml diverts it), so each dead-lettered task ends {@code FAILED} whoever moved it there.
 */
@MessageDriven(name = "DeadLetterConsumer")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeadLetterConsumer implements MessageListener {

  @Inject DeadLetters deadLetters;

  @Override
  public void onMessage(Message message) {
    deadLetters.markFailed(TaskMessages.taskId(message));
  }
}
