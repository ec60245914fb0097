package it.dev.offload;

import static it.dev.offload.Offload.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A submitter's tasks are its own: another submitter can neither read, follow, cancel nor even
 * learn of them, and lists, counts and the live stream show each submitter only its own tasks,
 * while viewers and operators see every task and who submitted it. {@code it-submitter-2} submits
 * only here, so what it sees is exactly what this class made.
 */
class OwnershipIT {

  private static final String ALICE = "it-submitter:it-submitter-secret";
  private static final String BOB = "it-submitter-2:it-submitter-2-secret";
  private static final String VIEWER = "it-viewer:it-viewer-secret";
  private static final String LATER = "{\"type\":\"simulate\",\"delay\":\"PT1H\"}";
  private static final String NOW = "{\"type\":\"simulate\",\"payload\":{\"durationMs\":50}}";

  @Test
  void aTaskShowsTheAccountThatSubmittedIt() {
    as(ALICE)
        .body(LATER)
        .post("/api/tasks")
        .then()
        .statusCode(202)
        .body("owner", equalTo("it-submitter"));
    String operators = Offload.submit(LATER);

    as(VIEWER).get("/api/tasks/" + operators).then().body("owner", equalTo("it-operator"));
  }

  @Test
  void anotherSubmittersTaskIsNotFoundAndStaysAsItWas() {
    String hers = Offload.submit(ALICE, LATER);
    String unknown = UUID.randomUUID().toString();
    JsonPath before = Offload.task(hers);

    for (String id : new String[] {hers, unknown}) {
      notFound(as(BOB).get("/api/tasks/" + id), id);
      notFound(as(BOB).queryParam("waitFor", "COMPLETED").get("/api/tasks/" + id), id);
      notFound(as(BOB).body("{\"reason\":\"mine now\"}").post("/api/tasks/" + id + "/cancel"), id);
      try (EventStream events = new EventStream("/api/tasks/" + id + "/events", BOB)) {
        assertThat(events.status()).as("following " + id).isEqualTo(404);
      }
    }

    JsonPath after = Offload.task(hers);
    assertThat(after.getString("status")).isEqualTo("SCHEDULED");
    assertThat(after.getLong("revision")).isEqualTo(before.getLong("revision"));
    as(ALICE).get("/api/tasks/" + hers).then().statusCode(200);
    as(ALICE)
        .post("/api/tasks/" + hers + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("CANCELLED"));
  }

  /** A task of another owner answers exactly as an id that was never issued. */
  private static void notFound(Response response, String id) {
    response
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo("no task with id " + id));
  }

  @Test
  void listsAndCountsShowASubmitterOnlyItsOwnTasks() {
    String hers = Offload.submit(ALICE, LATER);
    String his = Offload.submit(BOB, LATER);

    List<Map<String, Object>> bobs = list(BOB);
    assertThat(bobs)
        .as("it-submitter-2 submits fewer tasks than a page holds")
        .hasSizeLessThan(500);
    assertThat(bobs).extracting(t -> t.get("id")).contains(his).doesNotContain(hers);
    assertThat(bobs).extracting(t -> t.get("owner")).containsOnly("it-submitter-2");
    assertThat(list(VIEWER)).extracting(t -> t.get("id")).contains(his, hers);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(Offload.totalTasks(BOB))
                  .as("it-submitter-2's count of its tasks")
                  .isEqualTo(list(BOB).size());
              assertThat(Offload.stats(BOB).getInt("tasks.SCHEDULED"))
                  .isEqualTo(
                      (int)
                          list(BOB).stream()
                              .filter(t -> "SCHEDULED".equals(t.get("status")))
                              .count());
            });
    assertThat(Offload.totalTasks(VIEWER))
        .as("a viewer's count of every task")
        .isGreaterThan(list(BOB).size());
  }

  private static List<Map<String, Object>> list(String account) {
    return as(account)
        .queryParam("limit", 500)
        .get("/api/tasks")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  @Test
  void theStreamOfAllTasksShowsASubmitterOnlyItsOwn() {
    try (EventStream bobs = new EventStream("/api/events", BOB);
        EventStream viewers = new EventStream("/api/events", VIEWER)) {
      assertThat(bobs.status()).isEqualTo(200);
      assertThat(viewers.status()).isEqualTo(200);

      String hers = Offload.submit(ALICE, NOW);
      String his = Offload.submit(BOB, NOW);

      viewers.awaitStatus(hers, "COMPLETED", Duration.ofSeconds(60));
      viewers.awaitStatus(his, "COMPLETED", Duration.ofSeconds(60));
      bobs.awaitStatus(his, "COMPLETED", Duration.ofSeconds(10));
      assertThat(bobs.statuses(hers)).as("another owner's transitions").isEmpty();
      synchronized (bobs.events) {
        assertThat(bobs.events)
            .extracting(e -> e.getString("owner"))
            .containsOnly("it-submitter-2");
      }
    }
  }

  @Test
  void twoSubmittersMayUseTheSameIdempotencyKeyWithoutMeeting() {
    String key = "order-" + UUID.randomUUID();

    String hers =
        as(ALICE)
            .header("Idempotency-Key", key)
            .body(LATER)
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");
    String his =
        as(BOB)
            .header("Idempotency-Key", key)
            .body("{\"type\":\"simulate\",\"delay\":\"PT2H\"}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    assertThat(his).isNotEqualTo(hers);
    as(BOB)
        .header("Idempotency-Key", key)
        .body("{\"type\":\"simulate\",\"delay\":\"PT2H\"}")
        .post("/api/tasks")
        .then()
        .statusCode(200)
        .body("id", equalTo(his));
  }
}
