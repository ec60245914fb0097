package dev.offload.tasks.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What live clients and metrics hear of a task's transitions: each once, and starts early. */
class TransitionListenerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<Transition> fired = new ArrayList<>();
  private final TransitionListener listener = new TransitionListener();

  @SuppressWarnings("unchecked")
  TransitionListenerTest() {
    listener.transitions = mock(Event.class);
    doAnswer(call -> fired.add(call.getArgument(0))).when(listener.transitions).fire(any());
  }

  private static Task accepted() {
    return Task.accepted(
        new TaskSpec("simulate", "{}", 3, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
        "alice",
        T0);
  }

  @Test
  void anAttemptsStartIsKeptButNotPublishedAgainWhenWritten() {
    Task task = accepted();
    listener.written(task);
    task.startAttempt(1, "w1", T0.plusSeconds(1));
    listener.written(task);
    task.complete("\"ok\"", T0.plusSeconds(2));
    listener.written(task);
    listener.written(task);

    assertThat(fired)
        .extracting(Transition::status)
        .containsExactly(TaskStatus.QUEUED, TaskStatus.COMPLETED);
    assertThat(task.getHistory())
        .extracting(TaskEvent::getStatus)
        .containsExactly(TaskStatus.QUEUED, TaskStatus.PROCESSING, TaskStatus.COMPLETED);
  }

  @Test
  void anAttemptsAnnouncedStartIsTheOneWrittenLaterAtTheNextRevision() {
    Task task = accepted();
    Instant begun = T0.plusNanos(1_234_567);

    Transition announced = Transition.started(task, 2, "w1", begun);
    task.startAttempt(2, "w1", begun);

    TaskEvent written = task.getHistory().get(1);
    assertThat(announced)
        .isEqualTo(
            new Transition(
                task.getId(),
                "simulate",
                "alice",
                TaskStatus.PROCESSING,
                written.getAttempt(),
                task.getRevision() + 1,
                written.getAt(),
                written.getDetail()));
  }
}
