package dev.offload.processing;

import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.Transactions;
import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import dev.offload.tracing.TaskTracing;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs one delivery of a task message as one database transaction: the task is read, the handler
 * runs and {@code COMPLETED} is written, and the handler's own database work commits with it or not
 * at all. The transaction's timeout follows the task's, so an attempt may run as long as its task
 * allows. A failed attempt is recorded beside it ({@link AttemptRecords}); a delivery of an attempt
 * that already left its mark is acknowledged without running.
 */
@ApplicationScoped
public class TaskProcessor {

  /** One factory for every read: {@code Json.createReader} looks the JSON provider up each time. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final Logger LOG = Logger.getLogger(TaskProcessor.class.getName());

  /** Pauses of 2, 4, ... 256 ms: about half a second in all. */
  private static final long MAX_VISIBILITY_PAUSE_MS = 256;

  /** The attempt's transaction outlives its timeout by this much, so the watchdog acts first. */
  private static final int TRANSACTION_MARGIN_SECONDS = 30;

  @PersistenceContext EntityManager em;
  @Resource UserTransaction transaction;
  @Inject TaskHandlers handlers;
  @Inject WorkerIdentity worker;
  @Inject RunningAttempts running;
  @Inject AttemptRecords records;
  @Inject Event<AttemptStarted> attemptsStarted;
  @Inject Event<AttemptRan> attemptsRan;
  @Inject Event<BatchCommitted> batchesCommitted;
  @Inject TaskTracing tracing;

  /** Batches being run at once, each by one of the deliveries' own threads. */
  @Inject
  @ConfigProperty(name = "offload.processing.batch-leaders", defaultValue = "2")
  int batchLeaders;

  /** The most attempts one transaction holds; the activation spec's sessions bound it too. */
  @Inject
  @ConfigProperty(name = "offload.processing.batch-max", defaultValue = "32")
  int batchMax;

  /**
   * The handler time a batch may spend before it commits; a task type whose handlers recently took
   * longer runs in batches of its own.
   */
  @Inject
  @ConfigProperty(name = "offload.processing.batch-budget", defaultValue = "PT0.005S")
  Duration batchBudget;

  /** How long a delivery waits for its batch's outcome before it runs alone. */
  @Inject
  @ConfigProperty(name = "offload.processing.batch-wait", defaultValue = "PT0.2S")
  Duration batchWait;

  private SharedCommits shared;

  @PostConstruct
  void start() {
    shared = new SharedCommits(batchLeaders, batchMax, batchBudget, batchWait);
  }

  /**
   * Processes a delivery, sharing the attempt's transaction with concurrent deliveries' when it can
   * ({@link SharedCommits}); returns whether its attempt failed.
   */
  public boolean process(Delivery delivery) {
    if (!shared.quick(delivery.type())) {
      return processAlone(delivery, 0);
    }
    SharedCommits.Member done =
        shared.await(new SharedCommits.Member(delivery, tracing.capture()), this::runTogether);
    return done.alone() ? processAlone(delivery, done.announced()) : done.failed();
  }

  /** Processes a delivery in a transaction of its own; returns whether its attempt failed. */
  boolean processAlone(Delivery delivery, int announced) {
    try {
      return decide(delivery, announced);
    } finally {
      // Whatever was thrown, the consumer's thread leaves no transaction open.
      rollback();
    }
  }

  private boolean decide(Delivery delivery, int announced) {
    Task task = beginWhenVisible(delivery);
    if (task.isPastAttempt(delivery.attempt())) {
      rollback();
      LOG.info(
          () ->
              task.describe()
                  + " outcome=DUPLICATE_DELIVERY: attempt "
                  + delivery.attempt()
                  + " already over ("
                  + task.getStatus()
                  + "), acknowledged without running");
      return false;
    }
    // The next after the last one begun: a delivery whose worker died while its start was written
    // counted as an attempt. One that died sooner left no mark, and its attempt runs again.
    int attempt = task.getAttempts() + 1;
    if (!task.allowsAttempt(attempt)) {
      rollback();
      LOG.info(() -> task.describe() + " outcome=EXHAUSTED: dead-lettering");
      records.exhausted(task.getId(), task.getType());
      return false;
    }
    Attempt ran = run(task, attempt, attempt != announced);
    if (ran.failure() != null) {
      return failed(ran, ran.failure());
    }
    try {
      complete(ran);
      transaction.commit();
    } catch (RuntimeException notCommitted) {
      return failed(ran, notCommitted);
    } catch (Exception notCommitted) {
      return failed(
          ran,
          new IllegalStateException(
              "the attempt's transaction did not commit: " + notCommitted, notCommitted));
    }
    completed(ran);
    return false;
  }

  /**
   * Runs the attempts of a batch of deliveries one after the other in one transaction and commits
   * them together. A delivery whose task is not plainly due for its next attempt runs alone. When
   * anything goes wrong (an attempt fails, the commit fails, a member waited too long and released
   * the batch), nothing of the batch commits and every member without an outcome runs again alone,
   * where its own failure, if any, is recorded against it: in a shared transaction one attempt's
   * writes can fail in another's statements. What the budget leaves out waits for the next batch.
   */
  private void runTogether(SharedCommits.Batch taken, List<SharedCommits.Member> batch) {
    if (batch.size() == 1) {
      SharedCommits.Member m = batch.get(0);
      try {
        m.settle(m.trace.wrap(() -> processAlone(m.delivery, 0)).call());
      } catch (RuntimeException e) {
        m.refuse(e);
      } catch (Exception | Error e) {
        m.refuse(new IllegalStateException(e));
      }
      return;
    }
    List<Attempt> done = new ArrayList<>(batch.size());
    List<SharedCommits.Member> members = new ArrayList<>(batch.size());
    boolean committed = false;
    try {
      begin(batch.stream().map(m -> m.delivery.timeout()).max(Duration::compareTo).orElseThrow());
      long spent = 0;
      for (SharedCommits.Member m : batch) {
        if (!taken.running()) {
          break;
        }
        if (!done.isEmpty() && !shared.mayJoin(m.delivery.type(), spent)) {
          break;
        }
        Task task = em.find(Task.class, m.delivery.taskId());
        if (task == null
            || task.isPastAttempt(m.delivery.attempt())
            || !task.allowsAttempt(task.getAttempts() + 1)) {
          m.runAlone();
          continue;
        }
        Attempt ran = m.trace.wrap(() -> run(task, task.getAttempts() + 1, true)).call();
        spent += ran.took().toNanos();
        done.add(ran);
        members.add(m);
        if (ran.failure() != null) {
          break;
        }
        complete(ran);
      }
      if (!done.isEmpty() && done.get(done.size() - 1).failure() == null && taken.commit()) {
        transaction.commit();
        committed = true;
      }
    } catch (Exception | Error notCommitted) {
      committed = false;
    } finally {
      rollback();
    }
    if (!committed) {
      runAgainAlone(batch, done, members);
      return;
    }
    batchesCommitted.fire(new BatchCommitted(done.size()));
    for (int i = 0; i < done.size(); i++) {
      completed(done.get(i));
      members.get(i).settle(false);
    }
  }

  /**
   * After a batch committed nothing: its members run again alone, under the attempt number they
   * were announced with (and not announced twice), except those whose start the watchdog wrote
   * meanwhile, whose attempt is recorded as failed (running alone would count it as died and start
   * the next at once, without a delay or its error).
   */
  private void runAgainAlone(
      List<SharedCommits.Member> batch, List<Attempt> ran, List<SharedCommits.Member> members) {
    for (int i = 0; i < ran.size(); i++) {
      Attempt attempt = ran.get(i);
      SharedCommits.Member m = members.get(i);
      if (attempt.startWritten() && !attempt.watched().abandoned()) {
        try {
          m.trace
              .wrap(
                  () ->
                      records.failed(
                          attempt.task().getId(),
                          attempt.number(),
                          attempt.failure() != null
                              ? attempt.failure()
                              : new IllegalStateException(
                                  "the shared transaction of its attempt did not commit")))
              .call();
          m.settle(true);
        } catch (Exception e) {
          m.runAloneAgain(attempt.number());
        }
      } else {
        m.runAloneAgain(attempt.number());
      }
    }
    batch.stream().filter(m -> !m.decided()).forEach(SharedCommits.Member::runAlone);
  }

  /** An attempt whose handler has returned or thrown, not yet committed or recorded. */
  private record Attempt(
      Task task,
      int number,
      Instant startedAt,
      RunningAttempts.Running watched,
      boolean startWritten,
      JsonValue result,
      Exception failure,
      Duration took) {}

  /**
   * Announces the attempt's start, unless it was announced in a batch that rolled back, and runs
   * its handler under the watchdog, in this transaction.
   */
  private Attempt run(Task task, int attempt, boolean announce) {
    Instant startedAt = Instant.now();
    // Live clients and metrics hear of the start at once, not when the transaction commits; the
    // task itself is left as read while the handler runs, so a flush before the handler's own
    // queries writes nothing of it. Its start is written with the outcome, or by the watchdog once
    // the attempt has run for a moment.
    if (announce) {
      attemptsStarted.fire(
          new AttemptStarted(
              Transition.started(task, attempt, worker.name(), startedAt),
              task.getRunAt() == null ? task.getCreatedAt() : task.getRunAt()));
      LOG.info(() -> task.describe(attempt) + " outcome=PROCESSING");
    }

    long start = System.nanoTime();
    RunningAttempts.Running watched =
        running.start(task.getId(), attempt, task.getTimeout(), startedAt);
    JsonValue result = null;
    Exception failure = null;
    boolean startWritten;
    try {
      result = handle(task, attempt, watched);
    } catch (Exception e) {
      failure = e;
    } finally {
      startWritten = running.finish(watched);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    shared.ran(task.getType(), took.toNanos());
    if (watched.cancelled()) {
      watched.clearInterrupt();
      failure = new AttemptCancelled();
    } else if (watched.abandoned()) {
      watched.clearInterrupt();
      failure = new AttemptTimedOut(task.getTimeout());
    }
    return new Attempt(task, attempt, startedAt, watched, startWritten, result, failure, took);
  }

  /**
   * Rolls the transaction back and records the attempt's failure (the next attempt's message, or
   * the dead letter, goes with it). Returns true: the attempt failed.
   */
  private boolean failed(Attempt ran, Exception failure) {
    rollback();
    if (ran.watched().cancelled()) {
      // The cancel is on record: the attempt's failure is not, and no further attempt comes.
      attemptsRan.fire(new AttemptRan(ran.task().getType(), "cancelled", ran.took()));
      LOG.info(
          () -> ran.task().describe(ran.number()) + " outcome=STOPPED: cancelled while running");
      return false;
    }
    // After a timeout the watchdog has recorded it; recording here too (it changes nothing twice)
    // keeps the message from being acknowledged before the timeout is on record.
    attemptsRan.fire(
        new AttemptRan(
            ran.task().getType(), ran.watched().abandoned() ? "timed-out" : "failed", ran.took()));
    records.failed(ran.task().getId(), ran.number(), failure);
    return true;
  }

  private void completed(Attempt ran) {
    attemptsRan.fire(new AttemptRan(ran.task().getType(), "completed", ran.took()));
    LOG.info(() -> ran.task().describe() + " outcome=COMPLETED");
  }

  private JsonValue handle(Task task, int attempt, RunningAttempts.Running watched)
      throws Exception {
    TaskHandler handler =
        handlers
            .forType(task.getType())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no handler for task type '" + task.getType() + "' on this server"));
    TaskContext context =
        new TaskContext(
            task.getId(),
            task.getType(),
            attempt,
            task.getMaxAttempts(),
            READERS.createReader(new StringReader(task.getPayload())).readObject(),
            watched::cancelled,
            (percent, message) ->
                running.report(
                    watched, Progress.of(task, attempt, percent, message, Instant.now())));
    return tracing.handler(task.getType(), attempt, () -> handler.handle(context));
  }

  /**
   * Writes the attempt's start and its completion, to commit with the handler's work. When the
   * watchdog has written the start meanwhile, the task is read again (locked) first; a task that
   * has moved on (cancelled, or the attempt timed out) refuses the transition and nothing commits.
   */
  private void complete(Attempt ran) {
    Task task = ran.task();
    if (ran.startWritten()) {
      em.refresh(task, LockModeType.PESSIMISTIC_WRITE);
    }
    if (task.getStatus() != TaskStatus.PROCESSING || task.getAttempts() != ran.number()) {
      task.startAttempt(ran.number(), worker.name(), ran.startedAt());
    }
    Progress latest = ran.watched().latest();
    if (latest != null) {
      task.report(latest);
      // Published before the completion is, which ends the task's streams.
      running.publishRest(ran.watched());
    }
    task.complete((ran.result() == null ? JsonValue.NULL : ran.result()).toString(), Instant.now());
  }

  /**
   * Begins the attempt's transaction and reads the task. A message can arrive a moment before its
   * task row is visible (the submission's two-phase commit reaches the broker and the database one
   * after the other), so look again a few times, briefly, before giving up: the delivery then fails
   * and the broker redelivers it, until its attempts run out and it reaches the dead-letter queue.
   */
  private Task beginWhenVisible(Delivery delivery) {
    for (long pauseMs = 2; ; pauseMs *= 2) {
      Task task;
      try {
        task = begin(delivery);
      } catch (RuntimeException e) {
        rollback();
        throw e;
      }
      if (task != null) {
        return task;
      }
      rollback();
      if (pauseMs > MAX_VISIBILITY_PAUSE_MS) {
        throw new IllegalStateException(
            "taskId=" + delivery.taskId() + " outcome=UNKNOWN: no such task, redelivering");
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + delivery.taskId(), e);
      }
    }
  }

  private Task begin(Delivery delivery) {
    begin(delivery.timeout());
    return em.find(Task.class, delivery.taskId());
  }

  /** Begins a transaction that outlives {@code timeout} a little, so the watchdog acts first. */
  private void begin(Duration timeout) {
    try {
      transaction.setTransactionTimeout(
          (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds() + TRANSACTION_MARGIN_SECONDS));
      transaction.begin();
      transaction.setTransactionTimeout(0);
    } catch (Exception e) {
      throw new IllegalStateException("cannot begin the attempt's transaction: " + e, e);
    }
  }

  private void rollback() {
    Transactions.rollbackIfAny(transaction);
  }
}
