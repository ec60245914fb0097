package dev.offload.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads queue statistics from the broker itself, through Artemis's management address with plain
 * JMS messages, so the WAR needs no broker classes.
 */
@ApplicationScoped
public class BrokerQueues {

  public static final String TASKS = "offload.tasks";
  public static final String DEAD_LETTERS = "offload.tasks.DLQ";

  private static final String MANAGEMENT_ADDRESS = "activemq.management";
  private static final long TIMEOUT_MS = 3000;

  @Resource(lookup = "jms/offload/ConnectionFactory")
  ConnectionFactory connectionFactory;

  /** Message count and consumer count of one queue, or empty when the broker does not answer. */
  public Optional<QueueStats> stats(String queue) {
    try (JMSContext context = connectionFactory.createContext()) {
      long depth = attribute(context, queue, "messageCount");
      long consumers = attribute(context, queue, "consumerCount");
      return Optional.of(new QueueStats(depth, consumers));
    } catch (JMSRuntimeException | JMSException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * One numeric attribute of a queue's management control (e.g. {@code messageCount}), or empty
   * when the broker does not answer: one request, where {@link #stats} makes two.
   */
  public OptionalLong read(String queue, String attribute) {
    try (JMSContext context = connectionFactory.createContext()) {
      return OptionalLong.of(attribute(context, queue, attribute));
    } catch (JMSRuntimeException | JMSException | IllegalStateException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The name of the broker that answers: with a primary/backup pair, the one that is live now
   * ({@code name} in each broker's broker.xml). Empty when no broker answers.
   */
  public Optional<String> liveBroker() {
    try (JMSContext context = connectionFactory.createContext()) {
      return Optional.of(((JsonString) read(context, "broker", "name")).getString());
    } catch (JMSRuntimeException | JMSException | IllegalStateException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private long attribute(JMSContext context, String queue, String attribute) throws JMSException {
    return ((JsonNumber) read(context, "queue." + queue, attribute)).longValue();
  }

  private JsonValue read(JMSContext context, String resource, String attribute)
      throws JMSException {
    TemporaryQueue replies = context.createTemporaryQueue();
    try (JMSConsumer consumer = context.createConsumer(replies)) {
      Message request = context.createMessage();
      request.setStringProperty("_AMQ_ResourceName", resource);
      request.setStringProperty("_AMQ_Attribute", attribute);
      request.setJMSReplyTo(replies);
      context.createProducer().send(context.createQueue(MANAGEMENT_ADDRESS), request);
      Message reply = consumer.receive(TIMEOUT_MS);
      if (!(reply instanceof TextMessage text)
          || !reply.getBooleanProperty("_AMQ_OperationSucceeded")) {
        throw new IllegalStateException(
            "no management answer for " + attribute + " of " + resource);
      }
      JsonArray result = Json.createReader(new StringReader(text.getText())).readArray();
      return result.get(0);
    } finally {
      replies.delete();
    }
  }

  /** What the broker reports for one queue. */
  public record QueueStats(long depth, long consumers) {}
}
