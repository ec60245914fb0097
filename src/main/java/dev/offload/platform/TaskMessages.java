package dev.offload.platform;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import java.time.Duration;

/**
 * The shape of a task message on Offload's queues: the body and the {@code taskId} property carry
 * the task's id, {@code taskType} its type (for selectors and the console). The task itself stays
 * in the database, so messages are small whatever the payload.
 */
public final class TaskMessages {

  public static final String TASK_ID = "taskId";
  public static final String TASK_TYPE = "taskType";

  /** The number of the attempt a task message starts. */
  public static final String ATTEMPT = "attempt";

  /** How long that attempt may run, so the worker sizes its transaction before reading the task. */
  public static final String TIMEOUT_MS = "timeoutMs";

  /** Artemis's duplicate-detection header: the broker drops a second message with the same id. */
  public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

  private TaskMessages() {}

  /** Sends a persistent task message; inside a transaction it commits or rolls back with it. */
  public static void send(
      ConnectionFactory connectionFactory, Queue queue, String taskId, String type) {
    try (JMSContext context = connectionFactory.createContext()) {
      producer(context, taskId, type).send(queue, taskId);
    }
  }

  /**
   * A producer of persistent messages for one task (the resource adapter enlists its session in the
   * caller's transaction).
   */
  public static JMSProducer producer(JMSContext context, String taskId, String type) {
    return context
        .createProducer()
        .setDeliveryMode(DeliveryMode.PERSISTENT)
        .setProperty(TASK_ID, taskId)
        .setProperty(TASK_TYPE, type);
  }

  /**
   * Makes the message the one that starts attempt {@code attempt}, sent while the task was at
   * {@code revision}. The pair is its duplicate-detection id: a second send of the same message (a
   * retried commit) is dropped by the broker, and no two different sends share one.
   */
  public static JMSProducer forAttempt(
      JMSProducer producer, String taskId, int attempt, long revision, Duration timeout) {
    return producer
        .setProperty(ATTEMPT, attempt)
        .setProperty(TIMEOUT_MS, timeout.toMillis())
        .setProperty(DUPLICATE_ID, taskId + ":" + attempt + ":" + revision);
  }

  /** The attempt a task message starts, or 0 for a message that does not say. */
  public static int attempt(Message message) {
    try {
      return message.propertyExists(ATTEMPT) ? message.getIntProperty(ATTEMPT) : 0;
    } catch (JMSException | NumberFormatException e) {
      throw new IllegalArgumentException("message has an unreadable " + ATTEMPT, e);
    }
  }

  /** The attempt's timeout the message carries, or {@code fallback} when it carries none. */
  public static Duration timeout(Message message, Duration fallback) {
    try {
      return message.propertyExists(TIMEOUT_MS)
          ? Duration.ofMillis(message.getLongProperty(TIMEOUT_MS))
          : fallback;
    } catch (JMSException | NumberFormatException e) {
      return fallback;
    }
  }

  /** The task type a message names, or null when it names none. */
  public static String type(Message message) {
    try {
      return message.getStringProperty(TASK_TYPE);
    } catch (JMSException e) {
      return null;
    }
  }

  /** The task id a message refers to; a message without one is a bug upstream and fails loudly. */
  public static String taskId(Message message) {
    try {
      String id = message.getStringProperty(TASK_ID);
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(
            "message " + message.getJMSMessageID() + " has no " + TASK_ID);
      }
      return id;
    } catch (JMSException e) {
      throw new IllegalStateException("cannot read message properties", e);
    }
  }
}
