package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Submitting under an Idempotency-Key: at most one task per key, whatever the client repeats. */
class IdempotencyIT {

  private static ExtractableResponse<Response> post(String key, String body) {
    return api().header("Idempotency-Key", key).body(body).post("/api/tasks").then().extract();
  }

  @Test
  void aRepeatedRequestReturnsTheOriginalTaskAndCreatesNothing() {
    String key = "order-" + UUID.randomUUID();
    String body = "{\"type\":\"simulate\",\"payload\":{\"order\":42,\"lines\":[1,2]}}";
    long before = totalTasks();

    var first = post(key, body);
    var repeat =
        post(key, "{\"payload\": {\"lines\": [1, 2], \"order\": 42}, \"type\": \"simulate\"}");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(repeat.statusCode()).as("same request, members reordered").isEqualTo(200);
    assertThat((String) repeat.path("id")).isEqualTo(first.path("id"));
    assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
    assertThat(totalTasks()).isEqualTo(before + 1);
  }

  @Test
  void theSameKeyWithADifferentRequestIsAConflict() {
    String key = "order-" + UUID.randomUUID();
    String id = post(key, "{\"type\":\"simulate\",\"payload\":{\"order\":1}}").path("id");
    long before = totalTasks();

    api()
        .header("Idempotency-Key", key)
        .body("{\"type\":\"simulate\",\"payload\":{\"order\":2}}")
        .post("/api/tasks")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("already used for a different request (task " + id + ")"));
    assertThat(totalTasks()).isEqualTo(before);
  }

  @Test
  void concurrentRepeatsCreateExactlyOneTask() throws Exception {
    String key = "burst-" + UUID.randomUUID();
    String body = "{\"type\":\"simulate\",\"payload\":{\"n\":1}}";
    long before = totalTasks();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Callable<ExtractableResponse<Response>> call = () -> post(key, body);
      answers.add(clients.submit(call));
    }
    List<Integer> codes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Future<ExtractableResponse<Response>> answer : answers) {
      ExtractableResponse<Response> response = answer.get(60, TimeUnit.SECONDS);
      codes.add(response.statusCode());
      ids.add(response.path("id"));
    }
    clients.shutdown();

    assertThat(codes).containsOnly(200, 202).containsOnlyOnce(202);
    assertThat(ids).containsOnly(ids.get(0));
    assertThat(totalTasks()).isEqualTo(before + 1);
  }

  @Test
  void differentKeysMakeDifferentTasks() {
    String body = "{\"type\":\"simulate\"}";

    String a = post("k-" + UUID.randomUUID(), body).path("id");
    String b = post("k-" + UUID.randomUUID(), body).path("id");

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aMalformedKeyIsABadRequest() {
    long before = totalTasks();

    api()
        .header("Idempotency-Key", "x".repeat(300))
        .body("{\"type\":\"simulate\"}")
        .post("/api/tasks")
        .then()
        .statusCode(400)
        .body("detail", containsString("Idempotency-Key must be 1 to 255"));
    api()
        .header("Idempotency-Key", "has space")
        .body("{\"type\":\"simulate\"}")
        .post("/api/tasks")
        .then()
        .statusCode(400);
    assertThat(totalTasks()).isEqualTo(before);
  }
}
