package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the backlog at its limit (300 on the test API server) submissions are refused with 503 and
 * Retry-After, write nothing, and the API stays responsive; once it drains, they are accepted.
 */
class BackpressureIT {

  private static final int LIMIT = Integer.getInteger("offload.max.queue.depth", 300);

  @AfterEach
  void workerRunsAgain() {
    Offload.ensureWorkerRunning();
  }

  private static ExtractableResponse<Response> submitOne() {
    return api().body("{\"type\":\"simulate\"}").post("/api/tasks").then().extract();
  }

  @Test
  void overTheLimitSubmissionsAreRefusedUntilTheBacklogDrains() throws Exception {
    Offload.stopWorker();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Offload.queueAttribute(Offload.TASKS, "ConsumerCount") == 0);

    long missing = LIMIT - Offload.queueAttribute(Offload.TASKS, "MessageCount");
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Integer>> fills = new ArrayList<>();
    for (long i = 0; i < missing; i++) {
      fills.add(clients.submit(() -> submitOne().statusCode()));
    }
    for (Future<Integer> fill : fills) {
      assertThat(fill.get(60, TimeUnit.SECONDS)).as("submissions below the limit").isEqualTo(202);
    }
    clients.shutdown();

    // The depth is sampled once a second: within a few seconds the limit is seen.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> submitOne().statusCode() == 503);
    long before = totalTasks();
    api()
        .body("{\"type\":\"simulate\"}")
        .post("/api/tasks")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("detail", containsString("at or over its limit of " + LIMIT));
    assertThat(totalTasks()).as("tasks after a refused submission").isEqualTo(before);
    long start = System.nanoTime();
    api().get("/api/stats").then().statusCode(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("stats while refusing")
        .isLessThan(Duration.ofSeconds(2));

    Offload.startWorker();

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> submitOne().statusCode() == 202);
  }
}
