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

/** Which written transitions reach live clients and metrics, each once. */
class TransitionListenerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<Transition> fired = new ArrayList<>();
  private final TransitionListener listener = new TransitionListener();

  @SuppressWarnings("unchecked")
  TransitionListenerTest() {
    listener.transitions = mock(Event.class);
    doAnswer(call -> fired.add(call.getArgument(0))).when(listener.transitions).fire(any());
  }

  @Test
  void anAttemptsStartIsKeptButNotPublishedAgainWhenWritten() {
    Task task =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
            "alice",
            T0);
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
}
