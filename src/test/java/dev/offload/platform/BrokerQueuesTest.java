package dev.offload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What readiness and /api/stats learn from the broker's management address, and at what cost. */
class BrokerQueuesTest {

  /**
   * The broker's answers by attribute (JSON, as Artemis sends them); {@link #DENIED}: a refusal, as
   * for an account not allowed to read it; no entry: no answer.
   */
  private final Map<String, String> answers = new HashMap<>();

  private static final String DENIED = "denied";

  private final ConnectionFactory factory = mock(ConnectionFactory.class);
  private final JMSContext context = mock(JMSContext.class);
  private final TemporaryQueue replies = mock(TemporaryQueue.class);
  private final JMSConsumer consumer = mock(JMSConsumer.class);
  private final BrokerQueues queues = new BrokerQueues();
  private String asked;

  @BeforeEach
  void aBrokerThatAnswersWhatItKnows() throws JMSException {
    when(factory.createContext()).thenReturn(context);
    when(context.createTemporaryQueue()).thenReturn(replies);
    when(context.createConsumer(replies)).thenReturn(consumer);
    Message request = mock(Message.class);
    when(context.createMessage()).thenReturn(request);
    doAnswer(call -> asked = call.getArgument(1))
        .when(request)
        .setStringProperty(eq("_AMQ_Attribute"), any());
    when(context.createProducer()).thenReturn(mock(JMSProducer.class));
    when(consumer.receive(anyLong())).thenAnswer(call -> answer(answers.get(asked)));
    queues.connectionFactory = factory;
  }

  private static Message answer(String json) throws JMSException {
    if (json == null) {
      return null;
    }
    TextMessage reply = mock(TextMessage.class);
    when(reply.getText()).thenReturn(json);
    when(reply.getBooleanProperty("_AMQ_OperationSucceeded")).thenReturn(!json.equals(DENIED));
    return reply;
  }

  @Test
  void aQueuesFiguresAndTheLiveBrokerComeOverOneConnection() throws JMSException {
    answers.put("messageCount", "[5]");
    answers.put("consumerCount", "[2]");
    answers.put("name", "[\"offload-backup\"]");

    assertThat(queues.stats(BrokerQueues.TASKS))
        .contains(new BrokerQueues.QueueStats(5, 2, Optional.of("offload-backup")));
    verify(factory, times(1)).createContext();
    verify(context, times(1)).createTemporaryQueue();
    verify(consumer).close();
    verify(replies).delete();
    verify(context).close();
  }

  @Test
  void aBrokerThatWillNotSayItsNameStillCounts() {
    answers.put("messageCount", "[5]");
    answers.put("consumerCount", "[2]");
    answers.put("name", DENIED);

    assertThat(queues.stats(BrokerQueues.TASKS))
        .contains(new BrokerQueues.QueueStats(5, 2, Optional.empty()));
  }

  @Test
  void aBrokerThatSaysNothingAtAllHasNoNameEither() {
    answers.put("messageCount", "[5]");
    answers.put("consumerCount", "[2]");

    assertThat(queues.stats(BrokerQueues.TASKS))
        .contains(new BrokerQueues.QueueStats(5, 2, Optional.empty()));
  }

  @Test
  void aBrokerThatDoesNotAnswerHasNoFigures() {
    assertThat(queues.stats(BrokerQueues.TASKS)).isEmpty();
    assertThat(queues.read(BrokerQueues.TASKS, "messageCount")).isEmpty();
  }
}
