package it.dev.offload;

import static it.dev.offload.Offload.api;
import static org.awaitility.Awaitility.await;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that keep submitting tasks while a test breaks something, sorting every answer: accepted
 * (202, with the task id), refused (503), another status, or no answer at all (server unreachable).
 */
final class SubmissionStream implements AutoCloseable {

  final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger unreachable = new AtomicInteger();
  final List<Integer> otherStatuses = Collections.synchronizedList(new ArrayList<>());

  private final AtomicBoolean streaming = new AtomicBoolean(true);
  private final ExecutorService clients;
  private final RestAssuredConfig config;
  private final String body;

  /**
   * {@code answerTimeout}: how long a client waits for an answer before counting the submission
   * unreachable; null to wait for every answer. A server being shut down may never answer.
   */
  SubmissionStream(int clientCount, Duration answerTimeout) {
    this(clientCount, answerTimeout, "{\"type\":\"simulate\"}");
  }

  /** As above, each client submitting {@code body}. */
  SubmissionStream(int clientCount, Duration answerTimeout, String body) {
    this.body = body;
    config =
        answerTimeout == null
            ? RestAssuredConfig.config()
            : RestAssuredConfig.config()
                .httpClient(
                    HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", (int) answerTimeout.toMillis())
                        .setParam("http.socket.timeout", (int) answerTimeout.toMillis()));
    clients = Executors.newFixedThreadPool(clientCount);
    for (int i = 0; i < clientCount; i++) {
      clients.submit(this::submitUntilClosed);
    }
  }

  private void submitUntilClosed() {
    while (streaming.get()) {
      try {
        var response = api().config(config).body(body).post("/api/tasks").then().extract();
        switch (response.statusCode()) {
          case 202 -> accepted.add(response.path("id"));
          case 503 -> refused.incrementAndGet();
          default -> otherStatuses.add(response.statusCode());
        }
      } catch (Exception noAnswer) {
        // REST-assured throws ConnectException unchecked: catching RuntimeException would miss it
        // and end this client silently.
        unreachable.incrementAndGet();
      }
    }
  }

  /** Waits until {@code count} more submissions than now have been accepted. */
  void awaitAccepted(int count, Duration atMost) {
    int target = accepted.size() + count;
    await().atMost(atMost).until(() -> accepted.size() >= target);
  }

  /** Stops the clients and returns the ids of every accepted task. */
  List<String> stop() throws InterruptedException {
    streaming.set(false);
    clients.shutdown();
    if (!clients.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the submitting clients did not stop within 30 s");
    }
    return List.copyOf(accepted);
  }

  @Override
  public void close() throws InterruptedException {
    if (!clients.isShutdown()) {
      stop();
    }
  }
}
