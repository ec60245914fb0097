package dev.offload.tasks.control;

import dev.offload.platform.TaskMessages;
import dev.offload.tasks.entity.Task;
import dev.offload.tracing.TaskTracing;
import io.opentelemetry.context.Context;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Puts a task's message on {@code offload.tasks}, enlisted in the caller's transaction. */
@ApplicationScoped
public class TaskQueue {

  @Resource(lookup = "jms/offload/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Resource(lookup = "offload.tasks")
  Queue queue;

  @Inject TaskTracing tracing;

  /**
   * Sends the task's message for its current run: with its priority, held by the broker until the
   * task is due, naming the run's first attempt, and with a duplicate-detection id so a re-sent
   * copy is dropped.
   */
  @Transactional(TxType.MANDATORY)
  public void send(Task task) {
    try (JMSContext context = connectionFactory.createContext()) {
      send(context, task, tracing.capture());
    }
  }

  /** Sends the messages of several tasks on one session, each in the trace it was submitted in. */
  @Transactional(TxType.MANDATORY)
  public void sendAll(List<TracedTask> tasks) {
    try (JMSContext context = connectionFactory.createContext()) {
      for (TracedTask traced : tasks) {
        send(context, traced.task(), traced.trace());
      }
    }
  }

  /** Sends the message of a failed attempt's successor, held by the broker for {@code delay}. */
  @Transactional(TxType.MANDATORY)
  public void sendRetry(Task task, int attempt, Duration delay) {
    try (JMSContext context = connectionFactory.createContext()) {
      send(context, task, attempt, delay, tracing.capture());
    }
  }

  private void send(JMSContext context, Task task, Context trace) {
    send(context, task, task.firstAttemptOfRun(), task.deliveryDelay(Instant.now()), trace);
  }

  private void send(JMSContext context, Task task, int attempt, Duration delay, Context trace) {
    TaskMessages.forAttempt(
            tracing.carryOn(TaskMessages.producer(context, task.getId(), task.getType()), trace),
            task.getId(),
            attempt,
            task.getRevision(),
            task.getTimeout())
        .setPriority(task.getPriority())
        .setDeliveryDelay(delay.toMillis())
        .send(queue, task.getId());
  }
}
