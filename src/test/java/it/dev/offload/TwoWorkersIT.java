package it.dev.offload;

import static it.dev.offload.Offload.submit;
import static it.dev.offload.Offload.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two worker servers on one queue and one database: a burst is spread over both, and a {@code kill
 * -9} of one of them mid-burst loses no task and applies no effect twice; the other finishes the
 * work. The second worker ({@code offload-worker-2}) runs for this test only, so that every other
 * test keeps its one worker.
 */
class TwoWorkersIT {

  static final String SECOND = "offload-worker-2";
  static final int TASKS = 160;

  @BeforeAll
  static void startTheSecondWorker() {
    Offload.ensureWorkerRunning();
    long oneWorker = Offload.queueAttribute(Offload.TASKS, "ConsumerCount");
    Offload.start(SECOND);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Offload.queueAttribute(Offload.TASKS, "ConsumerCount") > oneWorker);
  }

  @AfterAll
  static void backToOneWorker() {
    Offload.stop(SECOND);
    Offload.ensureWorkerRunning();
  }

  @Test
  void aBurstSpreadsOverBothWorkersAndKillingOneLosesNothingAndDoublesNothing()
      throws SQLException {
    // Queued while the broker holds the queue, then handed out to every consumer of both servers
    // in turn; a task takes a second, so the kill finds attempts running on both.
    List<String> ids = new ArrayList<>();
    Offload.pauseQueue(Offload.TASKS);
    try {
      for (int i = 0; i < TASKS; i++) {
        ids.add(
            submit(
                "{\"type\":\"simulate\",\"maxAttempts\":10,"
                    + "\"payload\":{\"durationMs\":1000,\"recordEffect\":true}}"));
      }
    } finally {
      Offload.resumeQueue(Offload.TASKS);
    }
    // Killed once both have completed tasks, well before the burst is over.
    Set<String> workersBeforeKill =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> workersOf(ids.subList(0, 40)), workers -> workers.size() >= 2);
    Offload.killWorker();
    Instant killed = Instant.now(); // its process is gone: nothing it runs finishes after this

    List<JsonPath> finished = Offload.awaitFinished(ids, Duration.ofSeconds(180));
    Map<String, Integer> effects = Offload.effectsPerTask(ids);
    long completed =
        finished.stream().filter(t -> "COMPLETED".equals(t.getString("status"))).count();
    Map<String, Long> perWorker =
        finished.stream()
            .collect(Collectors.groupingBy(t -> t.getString("processedBy"), Collectors.counting()));
    long duplicates = effects.values().stream().filter(n -> n > 1).count();
    long lost = ids.stream().filter(id -> effects.getOrDefault(id, 0) == 0).count();
    // An attempt the kill interrupted leaves no mark: its transaction never committed.
    List<String> finishedAfterKill =
        finished.stream()
            .filter(t -> Instant.parse(t.getString("finishedAt")).isAfter(killed))
            .map(t -> t.getString("processedBy"))
            .toList();
    System.out.printf(
        "two workers, one killed: submitted=%d completed=%d per-worker=%s finished-after-kill=%d"
            + " duplicates=%d lost=%d%n",
        TASKS, completed, perWorker, finishedAfterKill.size(), duplicates, lost);

    assertThat(workersBeforeKill)
        .as("servers that completed tasks before the kill")
        .anyMatch(w -> w.startsWith("offload-worker@"))
        .anyMatch(w -> w.startsWith(SECOND + "@"));
    assertThat(completed).as("completed").isEqualTo(TASKS);
    assertThat(finishedAfterKill)
        .as("the survivor finished the work")
        .isNotEmpty()
        .allMatch(w -> w.startsWith(SECOND + "@"));
    assertThat(duplicates).as("effects applied twice").isZero();
    assertThat(lost).as("effects never applied").isZero();
  }

  /** The servers named in {@code processedBy} of the tasks completed so far. */
  private static Set<String> workersOf(List<String> ids) {
    return ids.stream()
        .map(id -> task(id))
        .filter(t -> "COMPLETED".equals(t.getString("status")))
        .map(t -> t.getString("processedBy"))
        .collect(Collectors.toSet());
  }
}
