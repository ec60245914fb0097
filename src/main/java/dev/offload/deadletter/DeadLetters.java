package dev.offload.deadletter;

import dev.offload.platform.TaskMessages;
import dev.offload.tasks.control.OperatorNote;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.control.TaskQueue;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Task;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The dead-letter side of a task: sending its message to {@code offload.tasks.DLQ} (in the caller's
 * transaction) and marking it {@code FAILED} once a dead letter is noticed. An operator's retry or
 * discard is refused before it changes anything, so a refusal has nothing to roll back: {@code
 * dontRollbackOn} also keeps Liberty from filing an FFDC incident for each one.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

  /** How long to wait for a dead letter the broker holds; it is there at once if at all. */
  private static final long DLQ_RECEIVE_MS = 500;

  @Resource(lookup = "jms/offload/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Resource(lookup = "offload.tasks.DLQ")
  Queue deadLetterQueue;

  @Inject TaskQueue taskQueue;
  @Inject TaskQueries queries;

  @PersistenceContext EntityManager em;

  /** Sends a task's message to the dead-letter queue as part of the caller's transaction. */
  @Transactional(TxType.MANDATORY)
  public void send(String taskId, String type) {
    TaskMessages.send(connectionFactory, deadLetterQueue, taskId, type);
  }

  /**
   * Sends a failed task round again: takes its message out of the DLQ, queues a new one and records
   * who and why, all in one transaction, so the DLQ and the task rows never disagree.
   */
  @Transactional(
      value = TxType.REQUIRED,
      dontRollbackOn = {NoSuchTask.class, IllegalTransitionException.class})
  public Task retry(String taskId, OperatorNote note) {
    Task task = queries.lock(taskId);
    task.retry(note.by(), note.reason(), Instant.now());
    removeFromQueue(taskId);
    taskQueue.send(task);
    LOG.info(() -> task.describe() + " outcome=QUEUED: retried by " + note.by());
    return task;
  }

  /** Gives a failed task up: its dead letter leaves the DLQ and the task is {@code DISCARDED}. */
  @Transactional(
      value = TxType.REQUIRED,
      dontRollbackOn = {NoSuchTask.class, IllegalTransitionException.class})
  public Task discard(String taskId, OperatorNote note) {
    Task task = queries.lock(taskId);
    task.discard(note.by(), note.reason(), Instant.now());
    removeFromQueue(taskId);
    LOG.info(() -> task.describe() + " outcome=DISCARDED by " + note.by());
    return task;
  }

  /** Consumes the task's dead letters inside the caller's transaction. */
  private void removeFromQueue(String taskId) {
    // taskId is a UUID the caller validated, so it is safe inside the selector.
    String selector = TaskMessages.TASK_ID + " = '" + taskId + "'";
    try (JMSContext context = connectionFactory.createContext();
        JMSConsumer consumer = context.createConsumer(deadLetterQueue, selector)) {
      // After the first, no waiting: Artemis's receiveNoWait asks the broker itself, so a second
      // dead letter of the task is still found, and a bulk retry of 500 tasks does not idle 50 s.
      for (Message m = consumer.receive(DLQ_RECEIVE_MS); m != null; m = consumer.receiveNoWait()) {
        // received inside the transaction: acknowledged when it commits
      }
    }
  }

  /** Marks the task of a dead letter {@code FAILED}; a repeated notice changes nothing. */
  @Transactional(TxType.REQUIRED)
  public void markFailed(String taskId) {
    Task task = em.find(Task.class, taskId, LockModeType.PESSIMISTIC_WRITE);
    if (task == null) {
      LOG.warning(
          () ->
              "taskId="
                  + taskId
                  + " outcome=DEAD_LETTER_UNKNOWN: a dead letter for no known task stays in the DLQ");
      return;
    }
    if (task.getStatus().isFinal()) {
      return;
    }
    task.deadLetter(Instant.now());
    LOG.info(() -> task.describe() + " outcome=FAILED lastError=" + task.getLastError());
  }
}
