package it.dev.offload;

import static it.dev.offload.Offload.awaitStatus;
import static it.dev.offload.Offload.countMessages;
import static it.dev.offload.Offload.task;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http} tasks against an HTTP server the test runs on the loopback interface (which the
 * servers' default allowlist admits): what the receiver sees, and how its answers decide retries.
 */
class HttpTasksIT {

  /** A submitter of its own: its task count moves only with what this class sends. */
  private static final String ACCOUNT = "it-http:it-http-secret";

  private static HttpServer receiver;

  /** Per path: the answers still to give (the last one is given again and again). */
  private static final Map<String, Queue<Answer>> script = new ConcurrentHashMap<>();

  /** Per path: the requests received, in order. */
  private static final Map<String, List<Received>> received = new ConcurrentHashMap<>();

  record Answer(int status, Map<String, String> headers, String body) {}

  record Received(long atNanos, String method, Map<String, String> headers, String body) {}

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", HttpTasksIT::answer);
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop(0);
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
    received
        .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
        .add(
            new Received(
                System.nanoTime(),
                exchange.getRequestMethod(),
                headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Queue<Answer> answers = script.getOrDefault(path, new ConcurrentLinkedQueue<>());
    Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
    if (answer == null) {
      answer = new Answer(500, Map.of(), "no script for " + path);
    }
    answer.headers().forEach(exchange.getResponseHeaders()::add);
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** A path of the receiver's own for one test, answering as scripted. */
  private static String endpoint(Answer... answers) {
    String path = "/" + UUID.randomUUID();
    script.put(path, new ConcurrentLinkedQueue<>(List.of(answers)));
    return path;
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static List<Received> receivedAt(String path) {
    return List.copyOf(received.getOrDefault(path, List.of()));
  }

  private static String submit(String payload, int maxAttempts) {
    return Offload.submit(
        ACCOUNT,
        "{\"type\":\"http\",\"payload\":" + payload + ",\"maxAttempts\":" + maxAttempts + "}");
  }

  @Test
  void theCallIsMadeOnceWithTheTaskIdAsIdempotencyKeyAndItsAnswerIsTheResult() {
    String path =
        endpoint(
            new Answer(201, Map.of("Content-Type", "application/json"), "{\"invoice\":\"INV-9\"}"));

    String id =
        submit(
            "{\"url\":\""
                + url(path)
                + "\",\"headers\":{\"X-Tenant\":\"acme\"},\"body\":{\"order\":4711}}",
            3);
    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(done.getInt("attempts")).isEqualTo(1);
    assertThat(done.getInt("result.status")).isEqualTo(201);
    assertThat(done.getString("result.body.invoice")).isEqualTo("INV-9");
    assertThat(done.getString("result.headers.content-type")).isEqualTo("application/json");
    // Exactly one call, and none later: the completion committed once.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> receivedAt(path).size() == 1);
    Received call = receivedAt(path).get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.body()).isEqualTo("{\"order\":4711}");
    assertThat(call.headers())
        .containsEntry("idempotency-key", id)
        .containsEntry("offload-attempt", "1")
        .containsEntry("x-tenant", "acme")
        .containsEntry("content-type", "application/json; charset=utf-8");
  }

  @Test
  void aServerErrorFailsTheAttemptAndTheNextOneCallsAgainUnderTheSameKey() {
    String path = endpoint(new Answer(503, Map.of(), "warming up"), new Answer(204, Map.of(), ""));

    String id = submit("{\"url\":\"" + url(path) + "\",\"method\":\"PUT\",\"body\":\"on\"}", 3);
    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(done.getInt("attempts")).isEqualTo(2);
    assertThat(done.getInt("result.status")).isEqualTo(204);
    assertThat(done.getString("lastError"))
        .isEqualTo("PUT " + url(path) + " answered 503: warming up");
    assertThat(receivedAt(path))
        .extracting(
            r -> r.headers().get("idempotency-key") + "/" + r.headers().get("offload-attempt"))
        .containsExactly(id + "/1", id + "/2");
  }

  @Test
  void aRetryAfterLongerThanTheUsualDelayIsWaitedFor() {
    String path =
        endpoint(
            new Answer(429, Map.of("Retry-After", "3"), "slow down"),
            new Answer(200, Map.of(), "ok"));

    String id = submit("{\"url\":\"" + url(path) + "\"}", 3);
    awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    List<Received> calls = receivedAt(path);
    assertThat(calls).hasSize(2);
    // The usual first retry delay is 1 s; the receiver asked for 3.
    assertThat(Duration.ofNanos(calls.get(1).atNanos() - calls.get(0).atNanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    assertThat(task(id).getString("result.body")).isEqualTo("ok");
  }

  @Test
  void anUnexpectedStatusFailsTheTaskAtOnceWithoutSpendingItsOtherAttempts() {
    String path = endpoint(new Answer(404, Map.of(), "no such hook"));

    String id = submit("{\"url\":\"" + url(path) + "\",\"expectStatus\":[200]}", 5);
    JsonPath failed = awaitStatus(id, "FAILED", Duration.ofSeconds(30));

    assertThat(failed.getInt("attempts")).isEqualTo(1);
    assertThat(failed.getString("lastError"))
        .isEqualTo(
            "POST "
                + url(path)
                + " answered 404: no such hook; not an expected status, not retried");
    assertThat(countMessages(Offload.DLQ, "taskId='" + id + "'")).isEqualTo(1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> receivedAt(path).size() == 1 && task(id).getInt("attempts") == 1);
  }

  @Test
  void aHostOutsideTheAllowlistIsRefusedAtSubmissionAndNothingIsStored() {
    long before = totalTasks(ACCOUNT);

    Offload.as(ACCOUNT)
        .body(
            "{\"type\":\"http\",\"payload\":{\"url\":\"http://169.254.169.254/latest/meta-data/\"}}")
        .post("/api/tasks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "detail",
            equalTo(
                "invalid payload for type 'http': host '169.254.169.254' is not allowed for http"
                    + " tasks on this server (offload.http-task.allowed-hosts)"));

    assertThat(totalTasks(ACCOUNT)).isEqualTo(before);
  }
}
