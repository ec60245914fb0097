package dev.offload.tasks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.entity.TaskStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCountsTest {

  private final TaskCounts counts = new TaskCounts();

  TaskCountsTest() {
    counts.queries = mock(TaskQueries.class);
    when(counts.queries.countByStatus(Visibility.EVERY_TASK))
        .thenReturn(Map.of(TaskStatus.QUEUED, 1L), Map.of(TaskStatus.QUEUED, 2L));
  }

  @Test
  void askedAgainWithinTheMaximumAgeTheCountIsNotTakenAgain() {
    counts.maxAge = Duration.ofHours(1);

    TaskCounts.Counted first = counts.now(Visibility.EVERY_TASK);
    TaskCounts.Counted second = counts.now(Visibility.EVERY_TASK);

    assertThat(second).isSameAs(first);
    assertThat(second.counts()).containsEntry(TaskStatus.QUEUED, 1L);
    verify(counts.queries, times(1)).countByStatus(Visibility.EVERY_TASK);
  }

  @Test
  void withNoMaximumAgeEveryQuestionCounts() {
    counts.maxAge = Duration.ZERO;

    counts.now(Visibility.EVERY_TASK);
    TaskCounts.Counted second = counts.now(Visibility.EVERY_TASK);

    assertThat(second.counts()).containsEntry(TaskStatus.QUEUED, 2L);
    verify(counts.queries, times(2)).countByStatus(Visibility.EVERY_TASK);
  }

  @Test
  void eachSubmitterCountsOnlyItsOwnTasksAndKeepsItsOwnCount() {
    counts.maxAge = Duration.ofHours(1);
    Visibility alice = new Visibility("alice");
    when(counts.queries.countByStatus(alice)).thenReturn(Map.of(TaskStatus.QUEUED, 7L));

    TaskCounts.Counted everyTask = counts.now(Visibility.EVERY_TASK);
    TaskCounts.Counted hers = counts.now(alice);

    assertThat(everyTask.counts()).containsEntry(TaskStatus.QUEUED, 1L);
    assertThat(hers.counts()).containsEntry(TaskStatus.QUEUED, 7L);
    assertThat(counts.now(alice)).isSameAs(hers);
    verify(counts.queries, times(1)).countByStatus(alice);
  }
}
