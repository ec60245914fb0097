package dev.offload.tasks.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskSpec;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A task's JSON as clients (the dashboard, the ITs) read it: the stored history rows, shown as is.
 */
class TaskViewTest {

  private static final Jsonb JSON = JsonbBuilder.create();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

  private static Task completed() {
    Task task =
        Task.accepted(
            new TaskSpec("simulate", "{}", 3, Task.DEFAULT_PRIORITY, null, Task.DEFAULT_TIMEOUT),
            "alice",
            T0);
    task.startAttempt(1, "w1", T0.plusSeconds(1));
    task.complete("\"ok\"", T0.plusSeconds(2));
    return task;
  }

  @Test
  void aTaskShowsItsHistoryInOrderWithNullsWrittenAndNoRowNumbers() {
    assertThat(JSON.toJson(TaskView.of(completed())))
        .endsWith(
            ",\"revision\":0,\"history\":["
                + "{\"at\":\"2026-01-01T00:00:00.123Z\",\"status\":\"QUEUED\",\"attempt\":0,\"detail\":null},"
                + "{\"at\":\"2026-01-01T00:00:01.123Z\",\"status\":\"PROCESSING\",\"attempt\":1,\"detail\":\"on w1\"},"
                + "{\"at\":\"2026-01-01T00:00:02.123Z\",\"status\":\"COMPLETED\",\"attempt\":1,\"detail\":null}]}");
  }

  @Test
  void aListedTaskShowsNoHistory() {
    assertThat(JSON.toJson(TaskView.listed(completed()))).endsWith(",\"history\":null}");
  }
}
