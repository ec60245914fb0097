package dev.offload.processing;

import dev.offload.platform.TaskMessages;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.Resource;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes {@code offload.tasks}. The destination and the number of sessions come from the
 * activation spec {@code offload/TaskConsumer} in server.xml; a server with {@code
 * offload.worker.enabled=false} never starts it.
 */
@MessageDriven(name = "TaskConsumer")
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class TaskConsumer implements MessageListener {

  @Inject TaskProcessor processor;
  @Inject TaskTracing tracing;
  @Resource MessageDrivenContext context;

  @Override
  public void onMessage(Message message) {
    String taskId = TaskMessages.taskId(message);
    if (tracing.consume(
        message,
        "offload.tasks process",
        () -> processor.process(taskId),
        redeliver -> redeliver)) {
      // An expected failure: roll back quietly so the broker redelivers with its delay.
      context.setRollbackOnly();
    }
  }
}
