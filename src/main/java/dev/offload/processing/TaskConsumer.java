package dev.offload.processing;

import dev.offload.tracing.TaskTracing;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes {@code offload.tasks} without a broker transaction: the attempt's database transaction
 * commits first and the adapter acknowledges the message when {@code onMessage} returns. Anything
 * thrown makes the adapter roll the delivery back, and the broker redelivers after its delay. The
 * destination and the number of sessions come from the activation spec {@code offload/TaskConsumer}
 * in server.xml; a server with {@code offload.worker.enabled=false} never starts it.
 */
@MessageDriven(name = "TaskConsumer")
@TransactionManagement(TransactionManagementType.BEAN)
public class TaskConsumer implements MessageListener {

  @Inject TaskProcessor processor;
  @Inject TaskTracing tracing;

  @Override
  public void onMessage(Message message) {
    Delivery delivery = Delivery.of(message);
    tracing.consume(message, "offload.tasks process", () -> processor.process(delivery), f -> f);
  }
}
