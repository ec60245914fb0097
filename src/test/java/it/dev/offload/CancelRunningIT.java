package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.countMessages;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task cancelled while an attempt of it runs: the request goes to the API server, the attempt
 * runs on the worker server, which hears of it on the events topic and stops the handler.
 */
class CancelRunningIT {

  @Test
  void aRunningTaskCancelledThroughTheApiServerIsStoppedOnItsWorkerAndNothingOfItCommits()
      throws SQLException {
    // 30 s of work that writes an effect row first, in the attempt's transaction.
    String id =
        submit(
            "{\"type\":\"simulate\",\"payload\":{\"durationMs\":30000,\"recordEffect\":true},"
                + "\"timeout\":\"PT2M\",\"maxAttempts\":3}");
    awaitStatus(id, "PROCESSING", Duration.ofSeconds(30));

    api()
        .body("{\"reason\": \"customer withdrew\"}")
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(202)
        .body("status", equalTo("CANCELLED"));

    // Stopped at once on the worker, not after its 30 s of work.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Offload.serverLog("offload-worker")
                    .lines()
                    .anyMatch(
                        line ->
                            line.contains("taskId=" + id)
                                && line.contains("outcome=STOPPED: cancelled while running")));
    // Its message is acknowledged, no further attempt comes, and nothing it wrote committed.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> countMessages(Offload.TASKS, "taskId='" + id + "'") == 0);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "CANCELLED".equals(task(id).getString("status"))
                    && task(id).getInt("attempts") == 1);
    JsonPath cancelled = task(id);
    assertThat(cancelled.getString("result")).isNull();
    assertThat(cancelled.getList("history.status", String.class))
        .containsExactly("QUEUED", "PROCESSING", "CANCELLED");
    assertThat(cancelled.getList("history.detail", String.class))
        .contains("cancelled by it-operator: customer withdrew");
    assertThat(Offload.effectsPerTask(List.of(id))).containsEntry(id, 0);
  }
}
