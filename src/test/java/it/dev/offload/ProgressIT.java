package it.dev.offload;

import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A handler's progress as a client polling the task reads it: kept while it runs, not after. */
class ProgressIT {

  @Test
  void aRunningTasksProgressCanBeReadWhileItRunsAndItsLastReportStays() {
    // Ten reports, one every 600 ms.
    String id = submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":6000}}");
    assertThat(task(id).getString("progress")).as("nothing reported yet").isNull();

    JsonPath running =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> task(id),
                t -> t.get("progress") != null && t.getInt("progress.percent") >= 20);
    assertThat(running.getString("status")).isEqualTo("PROCESSING");
    assertThat(running.getInt("progress.percent")).isLessThan(100);
    assertThat(running.getString("progress.message")).startsWith("step ");
    assertThat(running.getInt("progress.attempt")).isEqualTo(1);
    Instant firstSeen = Instant.parse(running.getString("progress.at"));

    // It moves on while the attempt runs: written a few times a second, not only at the end.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> task(id),
            t ->
                "PROCESSING".equals(t.getString("status"))
                    && Instant.parse(t.getString("progress.at")).isAfter(firstSeen));

    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    assertThat(done.getInt("attempts"))
        .as("progress written while it ran never costs the attempt its commit")
        .isEqualTo(1);
    assertThat(done.getInt("progress.percent")).isEqualTo(100);
    assertThat(done.getString("progress.message")).isEqualTo("step 10 of 10");
  }

  @Test
  void aListOfTasksShowsTheirProgressToo() {
    String id = submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":200}}");
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(
            Offload.api()
                .get("/api/tasks?type=simulate&status=COMPLETED&limit=50")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("items.find { it.id == '" + id + "' }.progress.percent"))
        .isEqualTo(100);
  }
}
