package it.dev.offload;

import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.countMessages;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A task's life from the client's side: accepted, processed, retried, dead-lettered. */
class TaskLifecycleIT {

  @Test
  void anAcceptedTaskIsProcessedToCompletion() {
    var response =
        Offload.api()
            .body(
                "{\"type\":\"simulate\",\"payload\":{\"durationMs\":50,\"result\":{\"answer\":42}}}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract();
    String id = response.path("id");
    assertThat(response.header("Location")).endsWith("/api/tasks/" + id);
    assertThat((String) response.path("status")).isEqualTo("QUEUED");
    assertThat((String) response.path("type")).isEqualTo("simulate");
    assertThat((String) response.path("createdAt")).isNotBlank();

    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(done.getInt("attempts")).isEqualTo(1);
    assertThat(done.getInt("result.answer")).isEqualTo(42);
    assertThat(done.getString("processedBy")).startsWith("offload-worker@");
    assertThat(done.getString("lastError")).isNull();
    assertThat(Instant.parse(done.getString("startedAt")))
        .isAfterOrEqualTo(Instant.parse(done.getString("createdAt")));
    assertThat(Instant.parse(done.getString("finishedAt")))
        .isAfterOrEqualTo(Instant.parse(done.getString("startedAt")));
  }

  @Test
  void everyTaskOfAConcurrentBurstCompletesOnItsFirstAttempt() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<String>> submissions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      submissions.add(clients.submit(() -> submit("{\"type\":\"simulate\"}")));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> submission : submissions) {
      ids.add(submission.get(60, TimeUnit.SECONDS));
    }
    clients.shutdown();

    Offload.assertAllCompletedOnFirstAttempt(ids, Duration.ofSeconds(120));
  }

  @Test
  void poisonTasksDoNotHoldUpHealthyOnesBehindThem() {
    List<String> poisons = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      poisons.add(
          submit("{\"type\":\"simulate\",\"payload\":{\"failTimes\":99},\"maxAttempts\":5}"));
    }
    List<String> healthy = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      healthy.add(submit("{\"type\":\"simulate\"}"));
    }

    Offload.assertAllCompletedOnFirstAttempt(healthy, Duration.ofSeconds(20));

    // The poisons, submitted first, are still waiting out their retry delays (1 + 2 + 4 + 8 s:
    // long enough for twenty submissions to a server that has only just started, too).
    assertThat(poisons).allSatisfy(id -> assertThat(status(id)).isIn("RETRYING", "PROCESSING"));
    assertThat(Offload.awaitFinished(poisons, Duration.ofSeconds(60)))
        .allSatisfy(t -> assertThat(t.getString("status")).isEqualTo("FAILED"));
  }

  @Test
  void noTaskWaitsBehindALongOneWhileTheWorkerHasIdleSessions() {
    String slow = submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":60000}}");
    awaitStatus(slow, "PROCESSING", Duration.ofSeconds(30));
    List<String> quick = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      quick.add(submit("{\"type\":\"simulate\"}"));
    }
    try {
      // A session that took tasks ahead of the one it runs would hold them for the minute.
      await("quick tasks completed while the long one runs")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> quick.stream().filter(id -> "COMPLETED".equals(status(id))).count(),
              equalTo((long) quick.size()));
      assertThat(status(slow)).isEqualTo("PROCESSING");
    } finally {
      Offload.api().post("/api/tasks/" + slow + "/cancel"); // frees its session for other tests
    }
  }

  @Test
  void failedAttemptsAreRetriedUntilOneSucceeds() {
    String id =
        submit(
            "{\"type\":\"simulate\",\"payload\":{\"failTimes\":2,\"result\":\"third time lucky\"},\"maxAttempts\":3}");

    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    assertThat(done.getInt("attempts")).isEqualTo(3);
    assertThat(done.getString("result")).isEqualTo("third time lucky");
    assertThat(done.getString("lastError")).isEqualTo("simulated failure 2 of 2");
  }

  @Test
  void aPoisonTaskEndsFailedInTheDeadLetterQueueAndStaysThere() {
    String id = submit("{\"type\":\"simulate\",\"payload\":{\"failTimes\":99},\"maxAttempts\":2}");

    JsonPath failed = awaitStatus(id, "FAILED", Duration.ofSeconds(60));

    assertThat(failed.getInt("attempts")).isEqualTo(2);
    assertThat(failed.getString("lastError")).isEqualTo("simulated failure 2 of 99");
    assertThat(failed.getString("finishedAt")).isNotNull();
    assertThat(countMessages(Offload.DLQ, "taskId='" + id + "'")).isEqualTo(1);
    assertThat(countMessages(Offload.TASKS, "taskId='" + id + "'")).isZero();
    // Never looping: no further attempt starts, the message stays parked in the DLQ.
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> task(id).getInt("attempts") == 2 && "FAILED".equals(status(id)));
    assertThat(countMessages(Offload.DLQ, "taskId='" + id + "'")).isEqualTo(1);
  }

  @Test
  void anAttemptRunningPastItsTimeoutIsAbandonedAndRetried() {
    String id =
        submit(
            "{\"type\":\"simulate\",\"payload\":{\"durationMs\":20000},\"timeout\":\"PT1S\",\"maxAttempts\":2}");

    // Two attempts of 20 s each could not be over in 15 s: each was cut off after 1 s.
    JsonPath failed = awaitStatus(id, "FAILED", Duration.ofSeconds(15));

    assertThat(failed.getInt("attempts")).isEqualTo(2);
    assertThat(failed.getString("lastError")).isEqualTo("attempt timed out after PT1S");
    assertThat(failed.getString("timeout")).isEqualTo("PT1S");
    assertThat(failed.getList("history.status", String.class)).doesNotContain("COMPLETED");
  }

  @Test
  void anAttemptMayRunLongerThanTheServersTransactionTimeout() {
    // The worker server's transactions time out after 10 s (pom.xml); this attempt takes 14 s.
    String id =
        submit(
            "{\"type\":\"simulate\",\"payload\":{\"durationMs\":14000,\"recordEffect\":true,\"result\":\"slow\"},\"timeout\":\"PT1M\",\"maxAttempts\":1}");

    awaitStatus(id, "PROCESSING", Duration.ofSeconds(10));
    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(40));

    assertThat(done.getInt("attempts")).isEqualTo(1);
    assertThat(done.getString("result")).isEqualTo("slow");
    assertThat(done.getList("history.status", String.class))
        .containsExactly("QUEUED", "PROCESSING", "COMPLETED");
  }

  @Test
  void aTaskWithoutATimeoutGetsTheConfiguredDefault() {
    assertThat(task(submit("{\"type\":\"simulate\"}")).getString("timeout")).isEqualTo("PT5M");
  }

  @Test
  void redeliveryDelaysGrowBetweenAttempts() {
    String id = submit("{\"type\":\"simulate\",\"payload\":{\"failTimes\":2},\"maxAttempts\":3}");
    Map<Integer, Long> firstSeen = new LinkedHashMap<>();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> {
              JsonPath t = task(id);
              firstSeen.putIfAbsent(t.getInt("attempts"), System.nanoTime());
              return "COMPLETED".equals(t.getString("status"));
            });

    assertThat(firstSeen).containsKeys(1, 2, 3);
    Duration firstDelay = Duration.ofNanos(firstSeen.get(2) - firstSeen.get(1));
    Duration secondDelay = Duration.ofNanos(firstSeen.get(3) - firstSeen.get(2));
    // broker.xml: 1 s, then doubled.
    assertThat(firstDelay).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    assertThat(secondDelay).isGreaterThanOrEqualTo(firstDelay.plusMillis(600));
  }

  private static String status(String id) {
    return task(id).getString("status");
  }
}
