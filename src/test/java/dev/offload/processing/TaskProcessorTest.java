package dev.offload.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import dev.offload.handlers.TaskHandlers;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskSpec;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import dev.offload.tasks.entity.TransitionHeard;
import dev.offload.tracing.TaskTracing;
import io.opentelemetry.context.Context;
import jakarta.enterprise.event.Event;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one delivery of a task message leads to, decided without a server. */
class TaskProcessorTest {

  /** A handler that counts its runs, fails while told to and can be held back. */
  static final class CountingHandler implements TaskHandler {
    final AtomicInteger runs = new AtomicInteger();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch holdBack = new CountDownLatch(0);
    RuntimeException failure;

    @Override
    public String type() {
      return "counted";
    }

    @Override
    public JsonValue handle(TaskContext task) throws InterruptedException {
      runs.incrementAndGet();
      holdBack.await();
      if (failure != null) {
        throw failure;
      }
      if (failing.contains(task.taskId())) {
        throw new IllegalStateException("refused " + task.taskId());
      }
      return Json.createValue("done " + task.attempt());
    }
  }

  private final CountingHandler handler = new CountingHandler();
  private final EntityManager em = mock(EntityManager.class);
  private final UserTransaction transaction = mock(UserTransaction.class);
  private final AttemptRecords records = mock(AttemptRecords.class);
  private final TaskProcessor processor = new TaskProcessor();

  @BeforeEach
  @SuppressWarnings("unchecked")
  void wire() throws Exception {
    processor.em = em;
    processor.transaction = transaction;
    processor.records = records;
    processor.handlers = new TaskHandlers(List.of(handler));
    processor.worker = mock(WorkerIdentity.class);
    when(processor.worker.name()).thenReturn("test@host");
    processor.running = new RunningAttempts();
    processor.running.visibleAfter = Duration.ofSeconds(10);
    processor.attemptsStarted = mock(Event.class);
    processor.attemptsRan = mock(Event.class);
    processor.batchesCommitted = mock(Event.class);
    processor.running.progressReported = mock(Event.class);
    processor.tracing = mock(TaskTracing.class);
    when(processor.tracing.capture()).thenReturn(Context.root());
    processor.batchLeaders = 1;
    processor.batchMax = 32;
    processor.batchBudget = Duration.ofSeconds(1);
    processor.batchWait = Duration.ofSeconds(10);
    processor.start();
    when(processor.tracing.handler(anyString(), anyInt(), any()))
        .thenAnswer(call -> call.<Callable<?>>getArgument(2).call());
    // The transaction's status follows what is done with it, as the real one's does.
    AtomicInteger status = new AtomicInteger(Status.STATUS_NO_TRANSACTION);
    when(transaction.getStatus()).thenAnswer(call -> status.get());
    doAnswer(call -> status.getAndSet(Status.STATUS_ACTIVE)).when(transaction).begin();
    doAnswer(call -> status.getAndSet(Status.STATUS_NO_TRANSACTION)).when(transaction).commit();
    doAnswer(call -> status.getAndSet(Status.STATUS_NO_TRANSACTION)).when(transaction).rollback();
  }

  private Task stored(Task task) {
    when(em.find(Task.class, task.getId())).thenReturn(task);
    return task;
  }

  private static Task queued(int maxAttempts) {
    return Task.accepted(
        new TaskSpec(
            "counted", "{}", maxAttempts, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
        "alice",
        Instant.now());
  }

  private static Delivery delivery(Task task, int attempt) {
    return new Delivery(task.getId(), task.getType(), attempt, Duration.ofMinutes(1));
  }

  @Test
  void aSuccessfulAttemptCompletesTheTaskInOneTransaction() throws Exception {
    Task task = stored(queued(3));

    boolean failed = processor.process(delivery(task, 1));

    assertThat(failed).isFalse();
    assertThat(handler.runs).hasValue(1);
    assertThat(task.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task.getAttempts()).isEqualTo(1);
    assertThat(task.getResult()).isEqualTo("\"done 1\"");
    verify(transaction).begin();
    verify(transaction).commit();
    verify(records, never()).failed(anyString(), anyInt(), any());
    // The start is announced at once, not when the transaction commits.
    verify(processor.attemptsStarted)
        .fire(
            argThat(
                s ->
                    s.transition().status() == TaskStatus.PROCESSING
                        && s.transition().attempt() == 1));
    verify(processor.attemptsRan).fire(argThat(r -> r.outcome().equals("completed")));
  }

  @Test
  void attemptsDeliveredTogetherCommitInOneTransaction() throws Exception {
    processor.process(delivery(stored(queued(3)), 1)); // the type is known to be quick now
    List<Task> tasks = List.of(stored(queued(3)), stored(queued(3)), stored(queued(3)));

    List<Boolean> failed = processTogether(tasks);

    assertThat(failed).containsExactly(false, false, false);
    assertThat(tasks).allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(TaskStatus.COMPLETED));
    assertThat(handler.runs).hasValue(4);
    // The first alone, while the others waited; then the other two in one transaction.
    verify(transaction, times(3)).begin();
    verify(transaction, times(3)).commit();
    verify(processor.batchesCommitted).fire(new BatchCommitted(2));
  }

  @Test
  void aFailingAttemptInABatchCommitsNothingAndEachRunsAgainAlone() throws Exception {
    processor.process(delivery(stored(queued(3)), 1));
    List<Task> tasks = List.of(stored(queued(3)), unchanging(queued(3)), unchanging(queued(3)));
    handler.failing.add(tasks.get(2).getId());

    List<Boolean> failed = processTogether(tasks);

    assertThat(failed).containsExactly(false, false, true);
    // In the batch: the second ran, the third failed, nothing committed. Alone again: the second
    // ran and committed, the third failed again, and only that failure is recorded, against it.
    assertThat(handler.runs).hasValue(6);
    verify(transaction, times(5)).begin();
    verify(transaction, times(3)).commit();
    verify(records).failed(eq(tasks.get(2).getId()), eq(1), any(IllegalStateException.class));
    verify(records, never()).failed(eq(tasks.get(1).getId()), anyInt(), any());
    verify(processor.batchesCommitted, never()).fire(any());
    // One start per attempt for live clients and metrics (the first delivery's, then the three
    // tasks'), although two of the attempts ran twice.
    verify(processor.attemptsStarted, times(4)).fire(any());
  }

  /**
   * A task that each read finds as it was stored, as a real entity manager does after a rollback
   * (this test's transactions commit nothing anywhere).
   */
  private Task unchanging(Task task) throws Exception {
    when(em.find(Task.class, task.getId()))
        .thenAnswer(
            call -> {
              Task copy = queued(task.getMaxAttempts());
              Field id = Task.class.getDeclaredField("id");
              id.setAccessible(true);
              id.set(copy, task.getId());
              return copy;
            });
    return task;
  }

  /**
   * Delivers the first task and holds its handler until the others' deliveries wait behind it, in
   * order, so that they can share a transaction; returns whether each attempt failed.
   */
  private List<Boolean> processTogether(List<Task> tasks) throws Exception {
    handler.holdBack = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Boolean>> outcomes = new ArrayList<>();
      outcomes.add(threads.submit(() -> processor.process(delivery(tasks.get(0), 1))));
      await().until(() -> handler.runs.get() == 2);
      for (Task t : tasks.subList(1, tasks.size())) {
        // One after the other, so that they wait in this order.
        AtomicReference<Thread> thread = new AtomicReference<>();
        outcomes.add(
            threads.submit(
                () -> {
                  thread.set(Thread.currentThread());
                  return processor.process(delivery(t, 1));
                }));
        await()
            .until(
                () ->
                    thread.get() != null && thread.get().getState() == Thread.State.TIMED_WAITING);
      }
      handler.holdBack.countDown();
      List<Boolean> failed = new ArrayList<>();
      for (Future<Boolean> outcome : outcomes) {
        failed.add(outcome.get(10, TimeUnit.SECONDS));
      }
      return failed;
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aCancelHeardWhileTheHandlerRunsInterruptsItAndNothingIsCommittedOrRecorded()
      throws Exception {
    Task task = stored(queued(3));
    handler.holdBack = new CountDownLatch(1); // never counted down: only an interrupt ends it
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> outcome = thread.submit(() -> processor.processAlone(delivery(task, 1), 0));
      await().until(() -> handler.runs.get() == 1);

      // Another task's cancel changes nothing here.
      processor.running.cancelled(heard(stored(queued(3)), TaskStatus.CANCELLED));
      processor.running.cancelled(heard(task, TaskStatus.CANCELLED));

      assertThat(outcome.get(10, TimeUnit.SECONDS)).as("attempt failed").isFalse();
    } finally {
      thread.shutdownNow();
    }
    verify(transaction, never()).commit();
    verify(records, never()).failed(anyString(), anyInt(), any());
    verify(processor.attemptsRan).fire(argThat(r -> r.outcome().equals("cancelled")));
    assertThat(task.getStatus()).isNotEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void theHandlerCanSeeItsTaskWasCancelled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Boolean> seen = new AtomicReference<>();
    TaskHandler looping =
        new TaskHandler() {
          @Override
          public String type() {
            return "looping";
          }

          @Override
          public JsonValue handle(TaskContext context) {
            started.countDown();
            // Busy work that blocks nowhere, so only the flag can stop it.
            while (!context.cancelled()) {
              Thread.onSpinWait();
            }
            seen.set(Thread.currentThread().isInterrupted());
            return JsonValue.NULL;
          }
        };
    processor.handlers = new TaskHandlers(List.of(looping));
    Task loop =
        stored(
            Task.accepted(
                new TaskSpec("looping", "{}", 3, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
                "alice",
                Instant.now()));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> outcome = thread.submit(() -> processor.processAlone(delivery(loop, 1), 0));
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      processor.running.cancelled(heard(loop, TaskStatus.CANCELLED));

      assertThat(outcome.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(seen.get()).as("its thread was interrupted too").isTrue();
      assertThat(Thread.interrupted()).isFalse();
    } finally {
      thread.shutdownNow();
    }
    verify(transaction, never()).commit();
    assertThat(loop.getStatus()).isEqualTo(TaskStatus.QUEUED);
  }

  private static TransitionHeard heard(Task task, TaskStatus status) {
    return new TransitionHeard(
        new Transition(
            task.getId(), task.getType(), task.getOwner(), status, 1, 9, Instant.now(), null));
  }

  @Test
  void progressIsHeardAtOnceAndItsLatestCommitsWithTheCompletion() throws Exception {
    TaskHandler reporting =
        new TaskHandler() {
          @Override
          public String type() {
            return "reporting";
          }

          @Override
          public JsonValue handle(TaskContext context) {
            context.progress(50, "halfway");
            context.progress(100, "done");
            return JsonValue.NULL;
          }
        };
    processor.handlers = new TaskHandlers(List.of(reporting));
    Task task =
        stored(
            Task.accepted(
                new TaskSpec(
                    "reporting", "{}", 3, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
                "alice",
                Instant.now()));

    assertThat(processor.process(delivery(task, 1))).isFalse();

    verify(processor.running.progressReported).fire(argThat(p -> p.percent() == 50));
    verify(processor.running.progressReported).fire(argThat(p -> p.percent() == 100));
    assertThat(task.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task.getProgress().percent()).isEqualTo(100);
    assertThat(task.getProgress().message()).isEqualTo("done");
    assertThat(task.getProgress().attempt()).isEqualTo(1);
  }

  @Test
  void aRedeliveryOfAFinishedTaskIsAcknowledgedWithoutRunning() throws Exception {
    Task task = stored(queued(3));
    task.startAttempt(1, "test@host", Instant.now());
    task.complete("\"earlier\"", Instant.now());

    boolean failed = processor.process(delivery(task, 1));

    assertThat(failed).isFalse();
    assertThat(handler.runs).hasValue(0);
    assertThat(task.getResult()).isEqualTo("\"earlier\"");
    verify(transaction, never()).commit();
    verify(records, never()).failed(anyString(), anyInt(), any());
  }

  @Test
  void aFailingHandlerRollsBackAndRecordsTheFailedAttempt() throws Exception {
    Task task = stored(queued(3));
    handler.failure = new IllegalStateException("downstream said no");

    boolean failed = processor.process(delivery(task, 1));

    assertThat(failed).isTrue();
    verify(transaction, never()).commit();
    verify(transaction).rollback();
    verify(records).failed(eq(task.getId()), eq(1), same(handler.failure));
    verify(processor.attemptsRan).fire(argThat(r -> r.outcome().equals("failed")));
  }

  @Test
  void aTaskWithoutAttemptsLeftIsDeadLetteredWithoutRunning() {
    Task task = stored(queued(1));
    task.startAttempt(1, "test@host", Instant.now());
    task.failAttempt("first and last", Instant.now());

    boolean failed = processor.process(delivery(task, 2));

    assertThat(failed).isFalse();
    assertThat(handler.runs).hasValue(0);
    verify(records).exhausted(task.getId(), "counted");
  }

  @Test
  void aMessageWhoseTaskNeverAppearsIsRefusedSoTheBrokerRedeliversIt() {
    Task task = queued(3); // never stored

    assertThatThrownBy(() -> processor.process(delivery(task, 1)))
        .hasMessageContaining("no such task");
    assertThat(handler.runs).hasValue(0);
  }
}
