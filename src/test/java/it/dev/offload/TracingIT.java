package it.dev.offload;

import static it.dev.offload.Offload.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from the client's request through the queue to the handler: the trace the client
 * started (W3C traceparent) is the task's, and the worker's spans and log lines carry it.
 */
class TracingIT {

  @BeforeEach
  void workerRuns() {
    Offload.ensureWorkerRunning();
  }

  @Test
  void theClientsTraceContinuesThroughTheQueueIntoTheHandler() {
    String traceId = hex(16);
    String id =
        api()
            .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
            .body("{\"type\":\"simulate\",\"payload\":{\"durationMs\":50}}")
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .extract()
            .path("id");

    Offload.awaitStatus(id, "COMPLETED", Duration.ofSeconds(60));
    assertThat(Offload.task(id).getString("traceId")).isEqualTo(traceId);

    // The servers export spans to their logs in the tests (otel.traces.exporter=logging).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String worker = Offload.serverLog("offload-worker");
              assertThat(worker)
                  .as("the consumer's span and the handler's span, in the client's trace")
                  .containsPattern("'offload.tasks process' : " + traceId + " \\w+ CONSUMER")
                  .containsPattern("'handle simulate' : " + traceId + " \\w+ INTERNAL")
                  .containsPattern("taskId=" + id + " .*traceId=" + traceId + " outcome=COMPLETED");
              assertThat(Offload.serverLog("offload-api"))
                  .as("the request's span and the QUEUED log line")
                  .contains(traceId)
                  .containsPattern("taskId=" + id + " .*traceId=" + traceId + " outcome=QUEUED");
            });
  }

  @Test
  void aTaskSubmittedWithoutATraceStartsOne() {
    String id = Offload.submit("{\"type\":\"simulate\"}");
    assertThat(Offload.task(id).getString("traceId")).matches("[0-9a-f]{32}");
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
