package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.stats;
import static it.dev.offload.Offload.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading many tasks: the newest-first list with its cursor and filters, and the counts. */
class ListingAndStatsIT {

  /** A submitter of its own: its list and counts hold only this class's tasks. */
  private static final String ACCOUNT = "it-listing:it-listing-secret";

  @Test
  void theListIsNewestFirstAndPagesWithACursor() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit(ACCOUNT, "{\"type\":\"simulate\",\"payload\":{\"result\":" + i + "}}"));
    }

    JsonPath first =
        Offload.as(ACCOUNT).get("/api/tasks?limit=2").then().statusCode(200).extract().jsonPath();
    assertThat(first.getList("items.id", String.class)).containsExactly(ids.get(2), ids.get(1));
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotBlank();

    JsonPath second =
        Offload.as(ACCOUNT)
            .queryParam("limit", 2)
            .queryParam("cursor", cursor)
            .get("/api/tasks")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("items.id", String.class)).first().isEqualTo(ids.get(0));
  }

  @Test
  void theListFiltersByStatusAndType() {
    String id = submit("{\"type\":\"simulate\"}");
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    JsonPath completed =
        api()
            .get("/api/tasks?status=COMPLETED&type=simulate&limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(completed.getList("items.status", String.class))
        .isNotEmpty()
        .containsOnly("COMPLETED");
    assertThat(completed.getList("items.id", String.class)).contains(id);
    assertThat(completed.getList("items.history"))
        .as("a list reads no histories")
        .containsOnlyNulls();
    assertThat(Offload.task(id).getList("history.status", String.class))
        .as("one task's read has its history")
        .containsExactly("QUEUED", "PROCESSING", "COMPLETED");

    JsonPath none =
        api().get("/api/tasks?type=no-such-type").then().statusCode(200).extract().jsonPath();
    assertThat(none.getList("items")).isEmpty();
    assertThat(none.getString("nextCursor")).isNull();
  }

  @Test
  void statsCountTasksPerStatusAndReadTheQueuesFromTheBroker() {
    long completedBefore = stats(ACCOUNT).getLong("tasks.COMPLETED");
    String id = submit(ACCOUNT, "{\"type\":\"simulate\"}");
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(stats(ACCOUNT).getLong("tasks.COMPLETED")).isEqualTo(completedBefore + 1);
    JsonPath stats = stats();

    assertThat(stats.getMap("tasks"))
        .containsOnlyKeys(
            "QUEUED",
            "SCHEDULED",
            "PROCESSING",
            "RETRYING",
            "COMPLETED",
            "FAILED",
            "DISCARDED",
            "CANCELLED");
    assertThat(stats.getString("broker.name"))
        .as("the live broker, as its broker.xml names it")
        .isEqualTo("offload");
    assertThat(stats.getLong("queue.consumers"))
        .as("the worker's sessions")
        .isEqualTo(Offload.queueAttribute(Offload.TASKS, "ConsumerCount"));
    // A scheduled task's message waits on the queue for an hour: the depth is at least 1, and it
    // is the broker's own count (read until both reads agree, as other tests' tasks move it).
    String waiting = submit("{\"type\":\"simulate\",\"delay\":\"PT1H\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              long depth = stats().getLong("queue.depth");
              assertThat(depth).isPositive();
              assertThat(depth).isEqualTo(Offload.queueAttribute(Offload.TASKS, "MessageCount"));
            });
    api().post("/api/tasks/" + waiting + "/cancel").then().statusCode(200);
    assertThat(stats.getLong("deadLetter.depth"))
        .isEqualTo(Offload.queueAttribute(Offload.DLQ, "MessageCount"));
  }
}
