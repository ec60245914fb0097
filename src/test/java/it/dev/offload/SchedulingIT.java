package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tasks due later, and cancelling tasks that have not run (yet, or again). */
class SchedulingIT {

  @Test
  void aDelayedTaskWaitsScheduledWhileLaterSubmissionsRunFirst() {
    var response =
        api()
            .body("{\"type\":\"simulate\",\"delay\":\"PT3S\",\"payload\":{\"result\":\"late\"}}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract();
    String delayed = response.path("id");
    Instant runAt = Instant.parse(response.path("runAt"));
    assertThat((String) response.path("status")).isEqualTo("SCHEDULED");
    assertThat(Duration.between(Instant.parse(response.path("createdAt")), runAt))
        .isEqualTo(Duration.ofSeconds(3));

    String prompt = submit("{\"type\":\"simulate\"}");
    awaitStatus(prompt, "COMPLETED", Duration.ofSeconds(30));
    assertThat(task(delayed).getString("status"))
        .as("the delayed task, once the prompt one is done")
        .isEqualTo("SCHEDULED");

    JsonPath done = awaitStatus(delayed, "COMPLETED", Duration.ofSeconds(30));
    assertThat(Instant.parse(done.getString("startedAt")))
        .as("started no earlier than runAt")
        .isAfterOrEqualTo(runAt);
    assertThat(done.getString("result")).isEqualTo("late");
  }

  @Test
  void aTaskScheduledAtAnInstantRunsThen() {
    Instant runAt = Instant.now().plusSeconds(2);

    String id = submit("{\"type\":\"simulate\",\"runAt\":\"" + runAt + "\"}");

    assertThat(task(id).getString("status")).isEqualTo("SCHEDULED");
    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    assertThat(Instant.parse(done.getString("startedAt")))
        .isAfterOrEqualTo(runAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void aCancelledScheduledTaskNeverRuns() {
    String id = submit("{\"type\":\"simulate\",\"delay\":\"PT2S\"}");

    api()
        .body("{\"reason\":\"customer withdrew\"}")
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));

    // Past its due time the message is delivered and consumed without running the handler.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                Offload.countMessages(Offload.TASKS, "taskId='" + id + "'") == 0
                    && Instant.now()
                        .isAfter(Instant.parse(task(id).getString("runAt")).plusSeconds(1)));
    JsonPath cancelled = task(id);
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.getInt("attempts")).isZero();
    assertThat(cancelled.getString("startedAt")).isNull();
    assertThat(cancelled.getList("history.detail", String.class))
        .contains("cancelled by it-operator: customer withdrew");
  }

  @Test
  void aBareCancelWithoutBodyOrContentTypeIsEnough() {
    String id = submit("{\"type\":\"simulate\",\"delay\":\"PT1H\"}");

    // What `curl -X POST .../cancel` sends: no body, no Content-Type.
    Offload.signedIn()
        .baseUri(Offload.API)
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
    assertThat(task(id).getList("history.detail", String.class))
        .contains("cancelled by it-operator");
  }

  @Test
  void aTaskCancelledBetweenAttemptsIsNotTriedAgain() {
    String id = submit("{\"type\":\"simulate\",\"payload\":{\"failTimes\":9},\"maxAttempts\":5}");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "RETRYING".equals(task(id).getString("status")));

    api()
        .post("/api/tasks/" + id + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));

    int attempts = task(id).getInt("attempts");
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(
            () ->
                task(id).getInt("attempts") == attempts
                    && "CANCELLED".equals(task(id).getString("status")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Offload.countMessages(Offload.TASKS, "taskId='" + id + "'") == 0);
  }

  @Test
  void aFinishedTaskCannotBeCancelled() {
    String done = submit("{\"type\":\"simulate\"}");
    awaitStatus(done, "COMPLETED", Duration.ofSeconds(30));

    api()
        .post("/api/tasks/" + done + "/cancel")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("cannot be cancelled while COMPLETED"));
    assertThat(task(done).getString("status")).isEqualTo("COMPLETED");
  }
}
