package dev.offload.tasks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.offload.tasks.entity.TaskStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskCountsTest {

  private final TaskCounts counts = new TaskCounts();

  TaskCountsTest() {
    counts.queries = mock(TaskQueries.class);
    when(counts.queries.countByStatus())
        .thenReturn(Map.of(TaskStatus.QUEUED, 1L), Map.of(TaskStatus.QUEUED, 2L));
  }

  @Test
  void askedAgainWithinTheMaximumAgeTheCountIsNotTakenAgain() {
    counts.maxAge = Duration.ofHours(1);

    TaskCounts.Counted first = counts.now();
    TaskCounts.Counted second = counts.now();

    assertThat(second).isSameAs(first);
    assertThat(second.counts()).containsEntry(TaskStatus.QUEUED, 1L);
    verify(counts.queries, times(1)).countByStatus();
  }

  @Test
  void withNoMaximumAgeEveryQuestionCounts() {
    counts.maxAge = Duration.ZERO;

    counts.now();
    TaskCounts.Counted second = counts.now();

    assertThat(second.counts()).containsEntry(TaskStatus.QUEUED, 2L);
    verify(counts.queries, times(2)).countByStatus();
  }
}
