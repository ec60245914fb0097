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

  /**
   * Message count and consumer count of one queue, and the name of the broker that answers (with a
   * primary/backup pair, the one that is live now: {@code name} in each broker's broker.xml), asked
   * over one connection; empty when the broker does not answer.
   */
  public Optional<QueueStats> stats(String queue) {
    try (JMSContext context = connectionFactory.createContext();
        Management management = new Management(context)) {
      long depth = management.number("queue." + queue, "messageCount");
      long consumers = management.number("queue." + queue, "consumerCount");
      return Optional.of(new QueueStats(depth, consumers, management.name()));
    } catch (JMSRuntimeException | JMSException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * One numeric attribute of a queue's management control (e.g. {@code messageCount}), or empty
   * when the broker does not answer: one request, where {@link #stats} makes three.
   */
  public OptionalLong read(String queue, String attribute) {
    try (JMSContext context = connectionFactory.createContext();
        Management management = new Management(context)) {
      return OptionalLong.of(management.number("queue." + queue, attribute));
    } catch (JMSRuntimeException | JMSException | IllegalStateException e) {
      return OptionalLong.empty();
    }
  }

  /** Management requests over one context, their answers on one temporary queue. */
  private static final class Management implements AutoCloseable {

    private final JMSContext context;
    private final TemporaryQueue replies;
    private final JMSConsumer answers;

    Management(JMSContext context) {
      this.context = context;
      this.replies = context.createTemporaryQueue();
      this.answers = context.createConsumer(replies);
    }

    long number(String resource, String attribute) throws JMSException {
      return ((JsonNumber) read(resource, attribute)).longValue();
    }

    /** The broker's name; empty if only this read fails, so its figures still count. */
    Optional<String> name() {
      try {
        return Optional.of(((JsonString) read("broker", "name")).getString());
      } catch (JMSRuntimeException | JMSException | IllegalStateException | ClassCastException e) {
        return Optional.empty();
      }
    }

    private JsonValue read(String resource, String attribute) throws JMSException {
      Message request = context.createMessage();
      request.setStringProperty("_AMQ_ResourceName", resource);
      request.setStringProperty("_AMQ_Attribute", attribute);
      request.setJMSReplyTo(replies);
      context.createProducer().send(context.createQueue(MANAGEMENT_ADDRESS), request);
      Message reply = answers.receive(TIMEOUT_MS);
      if (!(reply instanceof TextMessage text)
          || !reply.getBooleanProperty("_AMQ_OperationSucceeded")) {
        throw new IllegalStateException(
            "no management answer for " + attribute + " of " + resource);
      }
      JsonArray result = Json.createReader(new StringReader(text.getText())).readArray();
      return result.get(0);
    }

    @Override
    public void close() throws JMSException {
      answers.close();
      replies.delete();
    }
  }

  /** What the broker reports for one queue. */
  public record QueueStats(long depth, long consumers, Optional<String> live) {}
}
