package dev.offload.live;

import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Hears every server's transitions (in batches) on {@code offload.events} (activation spec {@code
 * offload/TransitionConsumer}, a non-durable subscription per server) and passes them to this
 * server's live clients. It runs on API and worker servers alike.
 */
@MessageDriven(name = "TransitionConsumer")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransitionConsumer implements MessageListener {

  @Inject LiveHub hub;

  @Override
  public void onMessage(Message message) {
    try {
      TransitionJson.list(message.getBody(String.class)).forEach(hub::deliver);
    } catch (JMSException e) {
      throw new IllegalStateException("cannot read a transition message", e);
    }
  }
}
