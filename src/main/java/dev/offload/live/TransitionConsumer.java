package dev.offload.live;

import dev.offload.tasks.entity.LiveEvent;
import dev.offload.tasks.entity.Transition;
import dev.offload.tasks.entity.TransitionHeard;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Hears every server's transitions and progress reports (in batches) on {@code offload.events}
 * (activation spec {@code offload/TransitionConsumer}, a non-durable subscription per server) and
 * passes them to this server's live clients and to whatever else on this server listens ({@link
 * TransitionHeard}: a worker stops an attempt whose task was cancelled). It runs on API and worker
 * servers alike.
 */
@MessageDriven(name = "TransitionConsumer")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransitionConsumer implements MessageListener {

  @Inject LiveHub hub;
  @Inject Event<TransitionHeard> heard;

  @Override
  public void onMessage(Message message) {
    try {
      for (LiveEvent event : LiveJson.list(message.getBody(String.class))) {
        hub.deliver(event);
        if (event instanceof Transition transition) {
          heard.fire(new TransitionHeard(transition));
        }
      }
    } catch (JMSException e) {
      throw new IllegalStateException("cannot read a transition message", e);
    }
  }
}
