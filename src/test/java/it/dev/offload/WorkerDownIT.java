package it.dev.offload;

import static it.dev.offload.Offload.api;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decoupled deployment: the API server keeps accepting while no worker runs, and the backlog
 * drains when one starts.
 */
class WorkerDownIT {

  static final int BURST = 50;

  @AfterEach
  void workerRunsAgain() {
    Offload.ensureWorkerRunning();
  }

  /** The first half of the burst is sent at the lowest priority, the second at the highest. */
  @Test
  void aBurstIsAcceptedWhileTheWorkerIsDownAndDrainsHighestPriorityFirst() {
    Offload.stopWorker();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Offload.queueAttribute(Offload.TASKS, "ConsumerCount") == 0);
    long depthBefore = Offload.queueAttribute(Offload.TASKS, "MessageCount");

    List<String> ids = new ArrayList<>();
    long slowestMs = 0;
    for (int i = 0; i < BURST; i++) {
      long start = System.nanoTime();
      String id =
          api()
              .body(
                  "{\"type\":\"simulate\",\"priority\":"
                      + (i < BURST / 2 ? 0 : 9)
                      + ",\"payload\":{\"durationMs\":50,\"result\":"
                      + i
                      + "}}")
              .post("/api/tasks")
              .then()
              .statusCode(202)
              .extract()
              .path("id");
      slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
      ids.add(id);
    }

    assertThat(slowestMs).as("slowest POST while no worker runs (ms)").isLessThan(2000);
    assertThat(Offload.queueAttribute(Offload.TASKS, "MessageCount"))
        .isEqualTo(depthBefore + BURST);
    assertThat(ids).allSatisfy(id -> assertThat(task(id).getString("status")).isEqualTo("QUEUED"));

    Offload.startWorker();

    Offload.assertAllCompletedOnFirstAttempt(ids, Duration.ofSeconds(120));
    Instant low = medianStart(ids.subList(0, BURST / 2));
    Instant high = medianStart(ids.subList(BURST / 2, BURST));
    assertThat(high).as("median start of priority 9, though submitted last").isBefore(low);
  }

  private static Instant medianStart(List<String> ids) {
    List<Instant> starts =
        ids.stream().map(id -> Instant.parse(task(id).getString("startedAt"))).sorted().toList();
    return starts.get(starts.size() / 2);
  }
}
