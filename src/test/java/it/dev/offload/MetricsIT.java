package it.dev.offload;

import static io.restassured.RestAssured.given;
import static it.dev.offload.Offload.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes from /metrics: Offload's own figures beside the server's. */
class MetricsIT {

  @BeforeEach
  void workerRuns() {
    Offload.ensureWorkerRunning();
  }

  @Test
  void tasksAreCountedByTypeAndOutcomeAndTimed() {
    // The counters are per type and every test runs simulate tasks: start from a moment when no
    // earlier test's task is still moving, so that the deltas below are this test's task alone.
    AtomicReference<SimulateCounters> previous = new AtomicReference<>();
    SimulateCounters before =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> quietCounters(previous), Objects::nonNull);

    String id =
        Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":100,\"failTimes\":1}}");
    Offload.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));

    SimulateCounters expected =
        new SimulateCounters(
            before.submitted() + 1,
            before.completed() + 1,
            before.retried() + 1,
            before.failedAttempts() + 1);
    // The worker counts the completion after its commit, a moment after the task reads COMPLETED.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> SimulateCounters.read().completed() == expected.completed());
    assertThat(SimulateCounters.read()).isEqualTo(expected);
    assertThat(metrics(Offload.WORKER_API))
        .as("processing time and queue wait as Prometheus histograms")
        .containsPattern("offload_task_processing_seconds_bucket\\{.*le=")
        .containsPattern("offload_task_queue_wait_seconds_bucket\\{.*le=");
  }

  @Test
  void refusedSubmissionsAreCountedByReason() {
    double invalid = value(Offload.API, "offload_submissions_rejected_total", "reason=\"invalid\"");
    api().body("{\"type\":\"no-such-type\"}").post("/api/tasks").then().statusCode(400);
    api().body("{\"payload\":{}}").post("/api/tasks").then().statusCode(400);
    assertThat(value(Offload.API, "offload_submissions_rejected_total", "reason=\"invalid\""))
        .isEqualTo(invalid + 2);
  }

  @Test
  void queueDepthsAreGaugesReadFromTheBroker() {
    String metrics = metrics(Offload.API);
    // The broker's own count, read until both reads agree: other tests' tasks may still move it.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(value(Offload.API, "offload_queue_depth"))
                    .isEqualTo(Offload.queueAttribute(Offload.TASKS, "MessageCount")));
    assertThat(value(Offload.API, "offload_deadletter_depth"))
        .isEqualTo(Offload.queueAttribute(Offload.DLQ, "MessageCount"));
    assertThat(value(Offload.API, "offload_queue_consumers")).isGreaterThan(0);
    assertThat(metrics).contains("# TYPE offload_queue_depth gauge");
  }

  /**
   * The simulate counters once no task is queued, processing or waiting to retry and they equal the
   * previous poll's; null while anything moves.
   */
  private static SimulateCounters quietCounters(AtomicReference<SimulateCounters> previous) {
    boolean idle = Offload.idle();
    SimulateCounters now = SimulateCounters.read();
    return idle && now.equals(previous.getAndSet(now)) ? now : null;
  }

  /** What the API and the worker count of simulate tasks. */
  private record SimulateCounters(
      double submitted, double completed, double retried, double failedAttempts) {

    static SimulateCounters read() {
      return new SimulateCounters(
          value(Offload.API, "offload_tasks_submitted_total", "type=\"simulate\""),
          value(Offload.WORKER_API, "offload_tasks_completed_total", "type=\"simulate\""),
          value(Offload.WORKER_API, "offload_tasks_retried_total", "type=\"simulate\""),
          value(
              Offload.WORKER_API,
              "offload_task_processing_seconds_count",
              "outcome=\"failed\"",
              "type=\"simulate\""));
    }
  }

  private static String metrics(String server) {
    return given()
        .baseUri(server)
        .accept("text/plain")
        .get("/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** The value of the first sample of {@code name} whose labels contain all of {@code labels}. */
  static double value(String server, String name, String... labels) {
    Matcher samples =
        Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})?\\s+(\\S+)$").matcher(metrics(server));
    while (samples.find()) {
      String found = samples.group(1) == null ? "" : samples.group(1);
      boolean matches = true;
      for (String label : labels) {
        matches &= found.contains(label);
      }
      if (matches) {
        return Double.parseDouble(samples.group(2));
      }
    }
    return 0;
  }
}
