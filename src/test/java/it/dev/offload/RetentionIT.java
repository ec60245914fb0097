package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Finished tasks go after their retention age; failed ones stay for operators. */
class RetentionIT {

  @Test
  void theRetentionJobRunsOnItsSchedule() {
    String firstRun =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> Offload.stats().getString("retention.lastRunAt"), run -> run != null);

    // The test servers run it every 2 s (the default is every 10 min).
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !firstRun.equals(Offload.stats().getString("retention.lastRunAt")));
    assertThat(Offload.stats().getString("retention.age")).isEqualTo("PT168H");
  }

  @Test
  void aPurgeRemovesOldFinishedTasksAndTheirKeysButKeepsFailedAndRecentOnes() {
    String key = "retention-" + UUID.randomUUID();
    String completed =
        api()
            .header("Idempotency-Key", key)
            .body("{\"type\":\"simulate\",\"payload\":{\"v\":1}}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String cancelled = submit("{\"type\":\"simulate\",\"delay\":\"PT1H\"}");
    api().post("/api/tasks/" + cancelled + "/cancel").then().statusCode(200);
    String failed =
        submit("{\"type\":\"simulate\",\"payload\":{\"failTimes\":9},\"maxAttempts\":1}");
    awaitStatus(completed, "COMPLETED", Duration.ofSeconds(30));
    awaitStatus(failed, "FAILED", Duration.ofSeconds(30));
    Instant cutoff = Instant.now();
    String recent = submit("{\"type\":\"simulate\"}");
    awaitStatus(recent, "COMPLETED", Duration.ofSeconds(30));

    int purged =
        api()
            .post("/api/purges?finishedBefore=" + cutoff)
            .then()
            .statusCode(200)
            .extract()
            .path("purged");

    assertThat(purged).isGreaterThanOrEqualTo(2);
    api().get("/api/tasks/" + completed).then().statusCode(404);
    api().get("/api/tasks/" + cancelled).then().statusCode(404);
    assertThat(task(failed).getString("status"))
        .as("a FAILED task waits for an operator")
        .isEqualTo("FAILED");
    assertThat(task(recent).getString("status"))
        .as("finished after the cutoff")
        .isEqualTo("COMPLETED");
    // The key expired with its task: a different request under it is a new task, not a conflict.
    api()
        .header("Idempotency-Key", key)
        .body("{\"type\":\"simulate\",\"payload\":{\"v\":2}}")
        .post("/api/tasks")
        .then()
        .statusCode(202);
  }

  @Test
  void aPurgeNeedsASensibleAge() {
    api()
        .post("/api/purges")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("olderThan is required"));
    api()
        .post("/api/purges?olderThan=yesterday")
        .then()
        .statusCode(400)
        .body("detail", containsString("ISO-8601"));
    api()
        .post("/api/purges?olderThan=PT0S")
        .then()
        .statusCode(400)
        .body("detail", containsString("at least PT1S"));
    api()
        .post("/api/purges?finishedBefore=" + Instant.now().plus(Duration.ofDays(1)))
        .then()
        .statusCode(400)
        .body("detail", containsString("must not be in the future"));
    api()
        .post("/api/purges?olderThan=P1D&finishedBefore=" + Instant.now())
        .then()
        .statusCode(400)
        .body("detail", containsString("not both"));
  }
}
