package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With the broker or the database gone, a submission is refused with 503 and leaves nothing behind;
 * when it is back, Offload recovers without a restart.
 */
class InfrastructureDownIT {

  @AfterEach
  void everythingRunsAgain() {
    if (!Offload.listening(Offload.BROKER_PORT)) {
      Offload.startBroker();
    }
    if (!Offload.listening(Offload.H2_PORT)) {
      Offload.startDatabase();
    }
    Offload.awaitConsumers();
    Offload.awaitAccepting();
  }

  @Test
  void withTheBrokerDownASubmissionIsRefusedAndNothingIsStored() {
    String existing = Offload.submit("{\"type\":\"simulate\"}");
    awaitStatus(existing, "COMPLETED", Duration.ofSeconds(30));
    long tasksBefore = totalTasks();

    Offload.stopBroker();

    api()
        .body("{\"type\":\"simulate\"}")
        .post("/api/tasks")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("detail", startsWith("the message broker is unavailable; nothing was written"))
        // A client with a usual timeout hears why, instead of timing out.
        .time(lessThan(5_000L));
    assertThat(totalTasks()).isEqualTo(tasksBefore);
    assertThat(Offload.task(existing).getString("status"))
        .as("reads still work")
        .isEqualTo("COMPLETED");
    assertThat(Offload.stats().getString("queue")).as("no broker to ask").isNull();

    Offload.startBroker();
    String afterRestart = Offload.awaitAccepting();
    awaitStatus(afterRestart, "COMPLETED", Duration.ofSeconds(120));

    // Live status recovers too: both servers publish on the events topic again through pooled
    // connections that the restart broke, and the API server hears them.
    try (EventStream all = new EventStream("/api/events?type=simulate")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(all.status()).isEqualTo(200));
      // The API server's subscription comes back on its own schedule (every 2 s it tries again):
      // live status has recovered once a task's end is heard; from then on nothing is missed.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(3))
          .until(
              () -> {
                String probe = Offload.submit("{\"type\":\"simulate\"}");
                awaitStatus(probe, "COMPLETED", Duration.ofSeconds(30));
                return all.statuses(probe).contains("COMPLETED");
              });
      String live = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":200}}");
      all.awaitStatus(live, "COMPLETED", Duration.ofSeconds(60));
      assertThat(all.statusesByRevision(live)).containsExactly("QUEUED", "PROCESSING", "COMPLETED");
    }
  }

  @Test
  @Tag("stops-h2")
  void withTheDatabaseDownASubmissionIsRefusedAndNothingIsQueued() {
    Offload.awaitConsumers();
    long added = Offload.queueAttribute(Offload.TASKS, "MessagesAdded");

    Offload.stopDatabase();

    api()
        .body("{\"type\":\"simulate\"}")
        .post("/api/tasks")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", startsWith("the task store (database) is unavailable"))
        .time(lessThan(5_000L));
    assertEveryOneOfManyAtOnceIsRefusedSoon();
    assertThat(Offload.queueAttribute(Offload.TASKS, "MessagesAdded"))
        .as("messages sent to offload.tasks")
        .isEqualTo(added);

    Offload.startDatabase();
    String afterRestart = Offload.awaitAccepting();
    awaitStatus(afterRestart, "COMPLETED", Duration.ofSeconds(120));
  }

  /**
   * Submissions that arrive together share group commits. Each client hears its 503 a few failed
   * commits later, not after the server has asked the database about every other member of its
   * batch one by one, each question waiting for the database as long as the commit did (before
   * 2026-12-07 some of 32 waited over 60 s; 7.7 s since).
   */
  private static void assertEveryOneOfManyAtOnceIsRefusedSoon() {
    ExecutorService clients = Executors.newFixedThreadPool(32);
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(clients.submit(() -> api().body("{\"type\":\"simulate\"}").post("/api/tasks")));
      }
      List<Response> refused = new ArrayList<>();
      for (Future<Response> answer : answers) {
        refused.add(answer.get(60, TimeUnit.SECONDS));
      }
      long slowest = refused.stream().mapToLong(Response::time).max().orElseThrow();
      assertThat(refused).extracting(Response::statusCode).containsOnly(503);
      assertThat(slowest).as("the slowest of 32 refusals, in ms").isLessThan(15_000L);
    } catch (Exception e) {
      throw new AssertionError("32 submissions at once", e);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aBrokerRestartDuringAStreamOfSubmissionsLosesNoAcceptedTask() throws Exception {
    long before = totalTasks();
    List<String> ids;
    int refused;
    List<Integer> otherStatuses;
    int unreachable;
    try (SubmissionStream stream = new SubmissionStream(4, null)) {
      stream.awaitAccepted(20, Duration.ofSeconds(30));
      Offload.stopBroker();
      await().atMost(Duration.ofSeconds(90)).until(() -> stream.refused.get() >= 5);
      Offload.startBroker();
      stream.awaitAccepted(20, Duration.ofSeconds(120));
      ids = stream.stop();
      refused = stream.refused.get();
      otherStatuses = List.copyOf(stream.otherStatuses);
      unreachable = stream.unreachable.get();
    }

    List<JsonPath> finished = Offload.awaitFinished(ids, Duration.ofSeconds(180));
    long completed =
        finished.stream().filter(t -> "COMPLETED".equals(t.getString("status"))).count();
    long stored = totalTasks() - before;
    System.out.printf(
        "broker restart: submitted=%d accepted=%d refused=%d completed=%d stored=%d lost=%d%n",
        ids.size() + refused + otherStatuses.size() + unreachable,
        ids.size(),
        refused,
        completed,
        stored,
        ids.size() - completed);
    assertThat(otherStatuses).as("answers other than 202 and 503").isEmpty();
    assertThat(unreachable)
        .as("submissions that failed without an answer (the API server stayed up)")
        .isZero();
    assertThat(completed).as("accepted tasks completed").isEqualTo(ids.size());
    assertThat(stored).as("tasks stored: only the accepted ones").isEqualTo(ids.size());
  }
}
