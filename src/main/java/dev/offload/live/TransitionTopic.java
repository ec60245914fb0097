package dev.offload.live;

import dev.offload.platform.Batches;
import dev.offload.platform.Transactions;
import dev.offload.processing.AttemptStarted;
import dev.offload.tasks.entity.LiveEvent;
import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.Transition;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes committed transitions and handlers' progress reports on {@code offload.events}. Live
 * status is a view, not a record: the events are sent in batches, off the transaction, by one
 * background thread, so a slow or absent broker never holds up the work, and the database stays the
 * truth a client can re-read.
 */
@ApplicationScoped
public class TransitionTopic {

  private static final Logger LOG = Logger.getLogger(TransitionTopic.class.getName());
  private static final int BACKLOG = 10_000;
  private static final int BATCH = 500;
  private static final long PAUSE_AFTER_FAILURE_MS = 200;

  /**
   * Long enough to outlast every stale connection a broker restart leaves in the pool (each failed
   * try retires one), short enough that a broker that stays away costs a batch, not the backlog.
   */
  private static final long SEND_FOR_MS = 10_000;

  @Resource(lookup = "jms/offload/ConnectionFactory")
  ConnectionFactory connectionFactory;

  @Resource(lookup = "offload.events")
  Topic topic;

  @Resource ManagedThreadFactory threads;
  @Resource UserTransaction transaction;

  private Batches<LiveEvent> outbox;

  @PostConstruct
  void start() {
    outbox =
        new Batches<>(threads, "offload-transition-topic", 1, BACKLOG, BATCH, this::sendTrying);
  }

  /**
   * Created with the application rather than at the first transition, and with JSON-B looked up
   * (the provider's first lookup resolves packages for a few hundred milliseconds): the first
   * client's task does not wait for either.
   */
  void warm(@Observes @Initialized(ApplicationScoped.class) Object application) {
    LiveJson.list(LiveJson.of(List.of()));
  }

  @PreDestroy
  void stop() {
    outbox.close();
  }

  /** Publishes a transition once its transaction has committed: what rolled back never happened. */
  void offer(@Observes(during = TransactionPhase.AFTER_SUCCESS) Transition transition) {
    publish(transition);
  }

  /** Publishes a handler's progress report as it is made: it is not written in a transaction. */
  void progress(@Observes Progress progress) {
    publish(progress);
  }

  private void publish(LiveEvent event) {
    if (!outbox.offer(event)) {
      LOG.fine(() -> "live status backlog full, not publishing " + event);
    }
  }

  /** Publishes an attempt's start at once: live clients hear of it before it is written. */
  void started(@Observes AttemptStarted started) {
    publish(started.transition());
  }

  /**
   * Whatever the adapter throws (a pooled connection left stale by a broker restart, the broker
   * away), this thread lives on: it tries again on a fresh context for a while, then the batch is
   * dropped and clients re-read the truth from the API.
   */
  private void sendTrying(List<LiveEvent> batch) {
    long giveUpAt = System.nanoTime() + SEND_FOR_MS * 1_000_000;
    while (true) {
      try {
        send(batch);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() - giveUpAt > 0) {
          LOG.log(Level.FINE, "live status not published: " + e, e);
          return;
        }
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_FAILURE_MS);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One message per batch, in a transaction of its own: enlisting the session is what makes a
   * pooled connection left dead by a broker restart fail loudly and leave the pool. Outside a
   * transaction the adapter would hand the same dead session out again and again. The subscriptions
   * are non-durable, so nothing is written to the journal.
   */
  private void send(List<LiveEvent> batch) {
    try {
      transaction.begin();
      try (JMSContext context = connectionFactory.createContext()) {
        context.createProducer().send(topic, LiveJson.of(batch));
      }
      transaction.commit();
    } catch (RuntimeException
        | jakarta.transaction.NotSupportedException
        | jakarta.transaction.SystemException
        | jakarta.transaction.RollbackException
        | jakarta.transaction.HeuristicMixedException
        | jakarta.transaction.HeuristicRollbackException e) {
      Transactions.rollbackIfAny(transaction);
      throw new IllegalStateException("cannot publish transitions", e);
    }
  }
}
