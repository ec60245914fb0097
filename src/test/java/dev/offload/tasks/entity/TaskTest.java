package dev.offload.tasks.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

  private static Task queued(int maxAttempts) {
    return Task.accepted(
        new TaskSpec(
            "simulate", "{}", maxAttempts, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
        "alice",
        T0);
  }

  @Test
  void aNewTaskIsQueuedWithNoAttempts() {
    Task task = queued(3);

    assertThat(task.getStatus()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task.getAttempts()).isZero();
    assertThat(task.getId()).hasSize(36);
    assertThat(task.getCreatedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
  }

  @Test
  void aSuccessfulAttemptCompletesTheTask() {
    Task task = queued(3);

    task.startAttempt(1, "worker-1", T0.plusSeconds(1));
    task.complete("\"done\"", T0.plusSeconds(2));

    assertThat(task.getStatus()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task.getAttempts()).isEqualTo(1);
    assertThat(task.getResult()).isEqualTo("\"done\"");
    assertThat(task.getStartedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:01.123Z"));
    assertThat(task.getFinishedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:02.123Z"));
    assertThat(task.getProcessedBy()).isEqualTo("worker-1");
  }

  @Test
  void failedAttemptsRetryUntilTheBudgetIsSpent() {
    Task task = queued(2);

    task.startAttempt(1, "w", T0);
    task.failAttempt("boom 1", T0);
    assertThat(task.getStatus()).isEqualTo(TaskStatus.RETRYING);
    assertThat(task.allowsAttempt(2)).isTrue();

    task.startAttempt(2, "w", T0.plusSeconds(5));
    task.failAttempt("boom 2", T0);
    assertThat(task.allowsAttempt(3)).isFalse();
    assertThat(task.getLastError()).isEqualTo("boom 2");
    assertThat(task.getStartedAt())
        .as("the first attempt's start is kept")
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));

    assertThatThrownBy(() -> task.startAttempt(3, "w", T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void anAttemptNumberedByTheBrokerMaySkipTheAttemptsThatDiedWithTheirWorkers() {
    Task task = queued(3);

    task.startAttempt(2, "w", T0);

    assertThat(task.getAttempts()).isEqualTo(2);
    assertThat(task.getStatus()).isEqualTo(TaskStatus.PROCESSING);
    assertThatThrownBy(() -> task.startAttempt(2, "w", T0))
        .as("an attempt starts once")
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> task.startAttempt(4, "w", T0))
        .as("beyond the budget of 3")
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aDeliveryOfAnAttemptThatLeftItsMarkIsStale() {
    Task task = queued(3);
    assertThat(task.isPastAttempt(1)).isFalse();

    task.startAttempt(1, "w", T0);
    assertThat(task.isPastAttempt(1)).as("running, its worker may have died: run again").isFalse();

    task.failAttempt("boom", T0);
    assertThat(task.isPastAttempt(1)).as("its failure is recorded").isTrue();
    assertThat(task.isPastAttempt(2)).isFalse();
    assertThat(task.isLastAttempt(2)).isFalse();
    assertThat(task.isLastAttempt(3)).isTrue();
    assertThat(task.allowsAttempt(4)).isFalse();

    task.startAttempt(2, "w", T0);
    task.complete("null", T0);
    assertThat(task.isPastAttempt(3)).as("the task is final").isTrue();
  }

  @Test
  void deadLetteringFailsTheTaskAndKeepsTheLastError() {
    Task task = queued(1);
    task.startAttempt(1, "w", T0);
    task.failAttempt("bad input downstream", T0);

    task.deadLetter(T0.plusSeconds(3));

    assertThat(task.getStatus()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.getLastError()).isEqualTo("bad input downstream");
    assertThat(task.getFinishedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:03.123Z"));
  }

  @Test
  void aTaskThatDiedWithItsWorkerStartsAgain() {
    Task task = queued(3);
    task.startAttempt(1, "crashed-worker", T0);

    task.startAttempt(2, "other-worker", T0.plusSeconds(1));
    assertThat(task.getAttempts()).isEqualTo(2);
    assertThat(task.getProcessedBy()).isEqualTo("other-worker");
  }

  @Test
  void finalStatesRefuseEveryTransition() {
    Task completed = queued(3);
    completed.startAttempt(1, "w", T0);
    completed.complete("null", T0);

    assertThatThrownBy(() -> completed.startAttempt(2, "w", T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> completed.failAttempt("x", T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> completed.deadLetter(T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> completed.complete("null", T0))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("COMPLETED");
  }

  @Test
  void onlyARunningAttemptCanCompleteOrFail() {
    Task queued = queued(3);

    assertThatThrownBy(() -> queued.complete("null", T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> queued.failAttempt("x", T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void longErrorsAreTruncated() {
    Task task = queued(3);
    task.startAttempt(1, "w", T0);

    task.failAttempt("x".repeat(Task.MAX_ERROR_LENGTH + 500), T0);

    assertThat(task.getLastError()).hasSize(Task.MAX_ERROR_LENGTH);
  }

  @Test
  void maxAttemptsMustBePositive() {
    assertThatThrownBy(() -> queued(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyTransitionIsRecordedInTheHistory() {
    Task task = queued(2);
    task.startAttempt(1, "w", T0.plusSeconds(1));
    task.failAttempt("boom", T0.plusSeconds(2));
    task.startAttempt(2, "w", T0.plusSeconds(3));
    task.complete("null", T0.plusSeconds(4));

    assertThat(task.getHistory())
        .extracting(TaskEvent::getStatus, TaskEvent::getAttempt, TaskEvent::getDetail)
        .containsExactly(
            tuple(TaskStatus.QUEUED, 0, null),
            tuple(TaskStatus.PROCESSING, 1, "on w"),
            tuple(TaskStatus.RETRYING, 1, "boom"),
            tuple(TaskStatus.PROCESSING, 2, "on w"),
            tuple(TaskStatus.COMPLETED, 2, null));
  }

  @Test
  void aRetriedTaskGetsAFreshBudgetAndKeepsCountingAttempts() {
    Task task = failedAfter(2);

    task.retry("alice", "downstream fixed", T0.plusSeconds(10));

    assertThat(task.getStatus()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task.getFinishedAt()).isNull();
    task.startAttempt(3, "w", T0.plusSeconds(11));
    assertThat(task.allowsAttempt(4)).as("attempt 3 is the first of a new budget of 2").isTrue();
    assertThat(task.allowsAttempt(5)).isFalse();
    assertThat(task.getHistory())
        .anySatisfy(
            e -> {
              assertThat(e.getStatus()).isEqualTo(TaskStatus.QUEUED);
              assertThat(e.getDetail()).isEqualTo("retried by alice: downstream fixed");
            });
  }

  @Test
  void aTaskDueLaterIsScheduledAndItsMessageDelayed() {
    Instant now = Instant.parse("2026-01-01T00:00:00.123Z");
    Task later =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, 9, now.plusSeconds(60), Task.DEFAULT_TIMEOUT),
            "alice",
            now);
    Task due =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, 0, now.minusSeconds(1), Task.DEFAULT_TIMEOUT),
            "alice",
            now);

    assertThat(later.getStatus()).isEqualTo(TaskStatus.SCHEDULED);
    assertThat(later.deliveryDelay(now)).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(later.deliveryDelay(now.plusSeconds(61))).isZero();
    assertThat(later.getPriority()).isEqualTo(9);
    assertThat(due.getStatus()).isEqualTo(TaskStatus.QUEUED);
    assertThat(due.deliveryDelay(now)).isZero();
    later.startAttempt(1, "w", now.plusSeconds(60));
    assertThat(later.getStatus()).isEqualTo(TaskStatus.PROCESSING);
  }

  @Test
  void aTaskThatHasNotFinishedCanBeCancelledARunningOneToo() {
    Task queued = queued(3);
    Task scheduled =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, 4, T0.plusSeconds(60), Task.DEFAULT_TIMEOUT),
            "alice",
            T0);
    Task retrying = queued(3);
    retrying.startAttempt(1, "w", T0);
    retrying.failAttempt("boom", T0);
    Task processing = queued(3);
    processing.startAttempt(1, "w", T0);

    for (Task task : java.util.List.of(queued, scheduled, retrying, processing)) {
      task.cancel("ops", "not needed", T0);
      assertThat(task.getStatus()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(task.getStatus().isFinal()).isTrue();
      assertThat(task.getHistory().get(task.getHistory().size() - 1).getDetail())
          .isEqualTo("cancelled by ops: not needed");
    }
    Task completed = queued(3);
    completed.startAttempt(1, "w", T0);
    completed.complete("null", T0);
    assertThatThrownBy(() -> completed.cancel("ops", null, T0))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("cannot be cancelled while COMPLETED");
    assertThatThrownBy(() -> queued.cancel("ops", null, T0))
        .isInstanceOf(IllegalTransitionException.class);
    // A cancelled task's running attempt cannot complete it: its worker finds it final.
    assertThatThrownBy(() -> processing.complete("null", T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> queued.startAttempt(1, "w", T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void logLinesCountAttemptsAgainstTheCurrentRunsLimit() {
    Task task = failedAfter(2);
    assertThat(task.describe()).isEqualTo("taskId=" + task.getId() + " type=simulate attempt=2/2");

    task.retry("alice", null, T0);
    task.startAttempt(3, "w", T0);

    assertThat(task.describe()).endsWith("attempt=3/4");
  }

  @Test
  void onlyAFailedTaskCanBeRetriedOrDiscarded() {
    Task queued = queued(2);

    assertThatThrownBy(() -> queued.retry("a", null, T0))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> queued.discard("a", null, T0))
        .isInstanceOf(IllegalTransitionException.class);

    Task discarded = failedAfter(1);
    discarded.discard("bob", "obsolete", T0);
    assertThat(discarded.getStatus()).isEqualTo(TaskStatus.DISCARDED);
    assertThat(discarded.getStatus().isFinal()).isTrue();
    assertThatThrownBy(() -> discarded.retry("a", null, T0))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void theHistoryKeepsEveryTransitionInOrder() {
    Task task = queued(1);
    for (int run = 0; run < 30; run++) {
      task.startAttempt(run + 1, "w", T0);
      task.failAttempt("boom " + run, T0);
      task.deadLetter(T0);
      task.retry("ops", null, T0);
    }

    assertThat(task.getHistory()).hasSize(1 + 30 * 4);
    assertThat(task.getHistory()).extracting(TaskEvent::getSeq).isSorted().doesNotHaveDuplicates();
    assertThat(task.getHistory().get(30 * 4).getDetail()).isEqualTo("retried by ops");
    assertThat(task.getHistory().get(2).getDetail()).isEqualTo("boom 0");
  }

  private static Task failedAfter(int attempts) {
    Task task = queued(attempts);
    for (int i = 1; i <= attempts; i++) {
      task.startAttempt(i, "w", T0);
      task.failAttempt("boom", T0);
    }
    task.deadLetter(T0);
    return task;
  }

  @Test
  void aRunningAttemptKeepsItsLatestProgressReport() {
    Task task = queued(3);
    assertThat(task.getProgress()).isNull();
    assertThatThrownBy(() -> task.report(Progress.of(task, 1, 10, "early", T0)))
        .as("not running yet")
        .isInstanceOf(IllegalTransitionException.class);
    task.startAttempt(1, "w", T0);

    task.report(Progress.of(task, 1, 60, "later", T0.plusSeconds(2)));
    task.report(Progress.of(task, 1, 30, "earlier, arriving late", T0.plusSeconds(1)));

    assertThat(task.getProgress())
        .isEqualTo(
            new Progress(task.getId(), "simulate", "alice", 1, 60, "later", T0.plusSeconds(2)));
    assertThatThrownBy(() -> task.report(Progress.of(task, 2, 10, "not this attempt", T0)))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aProgressReportIsAPercentageWithAShortMessage() {
    assertThatThrownBy(() -> new Progress("t", "x", "o", 1, 101, null, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("progress must be from 0 to 100 percent, not 101");
    assertThat(new Progress("t", "x", "o", 1, 0, "m".repeat(600), T0).message()).hasSize(500);
    assertThat(new Progress("t", "x", "o", 1, 100, null, T0).at())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
  }
}
