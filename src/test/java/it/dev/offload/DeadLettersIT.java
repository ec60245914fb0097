package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.countMessages;
import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operating on dead letters: list, retry (one or in bulk) and discard. After each, the broker's DLQ
 * and the task rows agree: a task is FAILED exactly when its message waits in the DLQ.
 */
class DeadLettersIT {

  /** A task that fails both attempts of its budget, then would succeed on a third. */
  private static String failedTask() {
    String id =
        submit(
            "{\"type\":\"simulate\",\"payload\":{\"failTimes\":2,\"result\":\"second wind\"},\"maxAttempts\":2}");
    awaitStatus(id, "FAILED", Duration.ofSeconds(60));
    assertDlqAgrees(id);
    return id;
  }

  /** The invariant: FAILED if and only if exactly one dead letter of the task is in the DLQ. */
  private static void assertDlqAgrees(String id) {
    String status = task(id).getString("status");
    long deadLetters = countMessages(Offload.DLQ, "taskId='" + id + "'");
    assertThat(deadLetters)
        .as("dead letters of %s (status %s)", id, status)
        .isEqualTo("FAILED".equals(status) ? 1 : 0);
  }

  @Test
  void aFailedTaskIsListedWithItsLastErrorAndAttempts() {
    String id = failedTask();

    List<Map<String, Object>> items =
        api()
            .get("/api/dead-letters?limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("items");

    assertThat(items)
        .filteredOn(item -> id.equals(item.get("id")))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item).containsEntry("status", "FAILED").containsEntry("attempts", 2);
              assertThat(item).containsEntry("lastError", "simulated failure 2 of 2");
            });
    assertThat(items).extracting(item -> item.get("status")).containsOnly("FAILED");
  }

  @Test
  void aRetriedTaskLeavesTheDlqAndRunsAgainWithAFreshBudget() {
    String id = failedTask();

    api()
        .body("{\"reason\":\"downstream fixed\"}")
        .post("/api/tasks/" + id + "/retry")
        .then()
        .statusCode(200)
        .body("status", anyOf(equalTo("QUEUED"), equalTo("PROCESSING")));
    assertThat(countMessages(Offload.DLQ, "taskId='" + id + "'"))
        .as("dead letters right after the retry")
        .isZero();

    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    assertThat(done.getInt("attempts")).as("attempt numbers go on counting").isEqualTo(3);
    assertThat(done.getString("result")).isEqualTo("second wind");
    assertThat(done.getList("history.detail", String.class))
        .contains("retried by it-operator: downstream fixed");
    assertThat(done.getList("history.status", String.class))
        .containsSubsequence(
            "QUEUED", "PROCESSING", "RETRYING", "FAILED", "QUEUED", "PROCESSING", "COMPLETED");
    assertDlqAgrees(id);
  }

  @Test
  void aDiscardedTaskLeavesTheDlqForGoodAndNeverRuns() {
    String id = failedTask();

    api()
        .body("{\"reason\":\"obsolete order\"}")
        .delete("/api/dead-letters/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("DISCARDED"));

    assertDlqAgrees(id);
    assertThat(task(id).getList("history.detail", String.class))
        .contains("discarded by it-operator: obsolete order");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                "DISCARDED".equals(task(id).getString("status"))
                    && task(id).getInt("attempts") == 2);
    List<String> listed =
        api()
            .get("/api/dead-letters?limit=500")
            .then()
            .extract()
            .jsonPath()
            .getList("items.id", String.class);
    assertThat(listed).doesNotContain(id);
  }

  @Test
  void onlyAFailedTaskCanBeRetriedOrDiscarded() {
    String id = submit("{\"type\":\"simulate\"}");
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    api()
        .post("/api/tasks/" + id + "/retry")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("cannot be retried while COMPLETED"));
    api()
        .delete("/api/dead-letters/" + id)
        .then()
        .statusCode(409)
        .body("detail", containsString("cannot be discarded while COMPLETED"));
    api().post("/api/tasks/00000000-0000-4000-8000-000000000000/retry").then().statusCode(404);
    api().delete("/api/dead-letters/not-an-id").then().statusCode(400);
    api()
        .body("{\"reason\": 7}")
        .post("/api/tasks/" + id + "/retry")
        .then()
        .statusCode(400)
        .body("detail", containsString("\"reason\" must be a non-empty string"));
    assertThat(task(id).getString("status")).isEqualTo("COMPLETED");
  }

  /**
   * An operator's refused action is an answer, not a server fault: no FFDC incident (Liberty's dump
   * for its support team, announced in messages.log) for an unknown task or a forbidden move.
   */
  @Test
  void refusedActionsLeaveNoIncidentInTheServerLog() {
    String id = submit("{\"type\":\"simulate\"}");
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));
    String unknown = "00000000-0000-4000-8000-000000000000";

    api().post("/api/tasks/" + id + "/cancel").then().statusCode(409);
    api().post("/api/tasks/" + id + "/retry").then().statusCode(409);
    api().delete("/api/dead-letters/" + id).then().statusCode(409);
    api().post("/api/tasks/" + unknown + "/cancel").then().statusCode(404);
    api().post("/api/tasks/" + unknown + "/retry").then().statusCode(404);
    api().delete("/api/dead-letters/" + unknown).then().statusCode(404);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(Offload.serverLog("offload-api"))
                    .doesNotContainPattern(
                        "FFDC1015I[^\n]*(NoSuchTask|IllegalTransitionException)"));
  }

  @Test
  void bulkRetryRequeuesTheFailedTasksOfTheGivenTypeThatFailedSinceAnInstant() {
    String earlier = failedTask();
    Instant since = Instant.now();
    String first = failedTask();
    String second = failedTask();

    api()
        .post("/api/dead-letters/retry?type=no-such-type")
        .then()
        .statusCode(200)
        .body("retried", equalTo(0));
    assertThat(List.of(first, second))
        .allSatisfy(id -> assertThat(task(id).getString("status")).isEqualTo("FAILED"));

    int retried =
        api()
            .body("{\"reason\":\"queue repaired\"}")
            .post("/api/dead-letters/retry?type=simulate&failedSince=" + since)
            .then()
            .statusCode(200)
            .extract()
            .path("retried");

    assertThat(retried).isGreaterThanOrEqualTo(2);
    for (String id : List.of(first, second)) {
      JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
      assertThat(done.getInt("attempts")).isEqualTo(3);
      assertDlqAgrees(id);
    }
    // Failed before the instant: left alone, and so are the other tests' dead letters.
    assertThat(task(earlier).getString("status")).isEqualTo("FAILED");
    assertDlqAgrees(earlier);
  }

  @Test
  void bulkRetryRefusesAnInstantItCannotRead() {
    api()
        .post("/api/dead-letters/retry?failedSince=yesterday")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("failedSince must be an ISO-8601 instant"));
  }

  @Test
  void aDeadLetterNoticeThatNamesNoTaskIsDroppedNotRedeliveredForever() {
    long acknowledged = Offload.queueAttribute(Offload.DEAD_LETTER_NOTICES, "MessagesAcknowledged");

    Offload.sendStrayMessage(Offload.DEAD_LETTER_NOTICES, "not a task message");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      Offload.queueAttribute(Offload.DEAD_LETTER_NOTICES, "MessagesAcknowledged"))
                  .isGreaterThan(acknowledged);
              assertThat(Offload.queueAttribute(Offload.DEAD_LETTER_NOTICES, "MessageCount"))
                  .isZero();
            });
  }
}
