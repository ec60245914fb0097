package it.dev.offload;

import static it.dev.offload.Offload.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients of the API-only server follow tasks that the worker-only server runs: the transitions
 * cross servers on the broker topic and arrive as Server-Sent Events or end a long poll.
 */
class LiveStatusIT {

  @BeforeEach
  void workerRuns() {
    Offload.ensureWorkerRunning();
  }

  @Test
  void aTaskStreamShowsEachTransitionAndEndsWhenTheTaskIsFinished() {
    String id = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":1500}}");

    try (EventStream stream = new EventStream("/api/tasks/" + id + "/events")) {
      assertThat(stream.status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(60)).until(stream::ended);

      assertThat(stream.statuses(id)).as("statuses streamed").endsWith("PROCESSING", "COMPLETED");
      assertThat(stream.statuses(id).get(0))
          .as("the first event is the status when the client connected")
          .isIn("QUEUED", "PROCESSING");
      assertThat(stream.eventNames).containsOnly("transition", "progress");
      // simulate reports every tenth of its work; each report is heard, in order, before the end.
      assertThat(stream.progress)
          .extracting(p -> p.getInt("percent"))
          .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
      assertThat(stream.progress.get(9).getString("message")).isEqualTo("step 10 of 10");
      assertThat(stream.progress.get(9).getInt("attempt")).isEqualTo(1);
      JsonPath completed = stream.events.get(stream.events.size() - 1);
      assertThat(completed.getString("type")).isEqualTo("simulate");
      assertThat(completed.getInt("attempt")).isEqualTo(1);
      assertThat(stream.events.stream().map(e -> e.getLong("revision")).toList())
          .as("a task's stream never goes back to an older revision")
          .isSorted();
      assertThat(completed.getLong("revision"))
          .as("the last event's revision is the task's")
          .isEqualTo(Offload.task(id).getLong("revision"));
      assertThat(Offload.task(id).getInt("progress.percent"))
          .as("the latest report, kept with the completion")
          .isEqualTo(100);
    }
  }

  @Test
  void aFailingAttemptIsStreamedAsRetryingBeforeTheTaskCompletes() {
    String id =
        Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":500,\"failTimes\":1}}");

    try (EventStream stream = new EventStream("/api/tasks/" + id + "/events")) {
      await().atMost(Duration.ofSeconds(60)).until(stream::ended);
      assertThat(stream.statuses(id))
          .containsSubsequence("PROCESSING", "RETRYING", "PROCESSING", "COMPLETED");
    }
  }

  @Test
  void theStreamOfAFinishedTaskSendsItsStatusAndEnds() {
    String id = Offload.submit("{\"type\":\"simulate\"}");
    Offload.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    try (EventStream stream = new EventStream("/api/tasks/" + id + "/events")) {
      await().atMost(Duration.ofSeconds(10)).until(stream::ended);
      assertThat(stream.statuses(id)).containsExactly("COMPLETED");
    }
  }

  @Test
  void theStreamOfAnUnknownTaskIsNotFound() {
    try (EventStream stream =
        new EventStream("/api/tasks/00000000-0000-0000-0000-000000000000/events")) {
      assertThat(stream.status()).isEqualTo(404);
    }
  }

  @Test
  void theStreamOfAllTasksCarriesEveryTransitionAndFiltersByType() {
    try (EventStream all = new EventStream("/api/events");
        EventStream simulate = new EventStream("/api/events?type=simulate");
        EventStream other = new EventStream("/api/events?type=no-such-type")) {
      assertThat(all.status()).isEqualTo(200);
      assertThat(other.status()).isEqualTo(200);
      // The subscriptions are in place once the servers answer; submit after that.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(simulate.status()).isEqualTo(200));

      String id = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":200}}");

      all.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
      simulate.awaitStatus(id, "COMPLETED", Duration.ofSeconds(10));
      // API and worker servers publish independently, so arrival order is not promised; the
      // revisions each transition carries are.
      assertThat(all.statusesByRevision(id)).containsExactly("QUEUED", "PROCESSING", "COMPLETED");
      assertThat(other.statuses(id)).as("a stream filtered to another type").isEmpty();
      assertThat(all.ended()).as("the stream of all tasks stays open").isFalse();
    }
  }

  @Test
  void aLongPollAnswersAsSoonAsTheTaskReachesAWantedStatus() {
    String id = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":1000}}");

    long start = System.nanoTime();
    JsonPath answer =
        api()
            .queryParam("waitFor", "COMPLETED,FAILED")
            .queryParam("timeout", "PT30S")
            .get("/api/tasks/" + id)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(answer.getString("status")).isEqualTo("COMPLETED");
    assertThat(answer.getString("finishedAt")).isNotNull();
    assertThat(waited).as("answered when the task completed").isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aLongPollAnswersWithTheCurrentStatusAtItsTimeout() {
    String id = Offload.submit("{\"type\":\"simulate\",\"delay\":\"PT1H\"}");
    try {
      long start = System.nanoTime();
      api()
          .queryParam("waitFor", "COMPLETED")
          .queryParam("timeout", "PT1S")
          .get("/api/tasks/" + id)
          .then()
          .statusCode(200)
          .body("status", org.hamcrest.Matchers.equalTo("SCHEDULED"));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("held until the timeout")
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    } finally {
      api().body("{}").post("/api/tasks/" + id + "/cancel").then().statusCode(200);
    }
  }

  @Test
  void aLongPollWithAnUnknownStatusOrTimeoutIsABadRequest() {
    String id = Offload.submit("{\"type\":\"simulate\"}");
    api()
        .queryParam("waitFor", "DONE")
        .get("/api/tasks/" + id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("'DONE' is not a status"));
    api()
        .queryParam("waitFor", "COMPLETED")
        .queryParam("timeout", "PT1H")
        .get("/api/tasks/" + id)
        .then()
        .statusCode(400)
        .body("detail", containsString("timeout"));
  }
}
