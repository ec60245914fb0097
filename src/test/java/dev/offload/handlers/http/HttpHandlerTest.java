package dev.offload.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.RetryLater;
import dev.offload.handlers.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler against a real HTTP server on the loopback interface. */
class HttpHandlerTest {

  private HttpServer server;
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
  private HttpHandler handler;

  /** What the server answers next: status, headers and body. */
  private volatile int status = 200;

  private volatile Map<String, String> headers = Map.of("Content-Type", "application/json");
  private volatile String body = "{\"ok\":true}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    handler = new HttpHandler();
    handler.allowedHosts = Optional.of("127.0.0.1");
    handler.maxResultBytes = 64;
    handler.connectTimeout = Duration.ofSeconds(5);
    handler.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    seen.add(
        Map.of(
            "method", exchange.getRequestMethod(),
            "idempotency-key",
                String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")),
            "attempt", String.valueOf(exchange.getRequestHeaders().getFirst("Offload-Attempt")),
            "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    headers.forEach(exchange.getResponseHeaders()::add);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private JsonValue run(String payload) throws Exception {
    return handler.handle(
        new TaskContext(
            "task-7", "http", 2, 3, Json.createReader(new StringReader(payload)).readObject()));
  }

  @Test
  void anExpectedAnswerIsTheResultWithItsStatusKeptHeadersAndJsonBody() throws Exception {
    status = 201;
    headers = Map.of("Content-Type", "application/json", "Location", "/orders/9", "X-Other", "x");
    body = "{\"order\": 9}";

    JsonObject result =
        run("{\"url\": \"" + url("/orders") + "\", \"body\": {\"item\": \"book\"}}").asJsonObject();

    assertThat(result.getInt("status")).isEqualTo(201);
    assertThat(result.getJsonObject("headers"))
        .containsOnlyKeys("content-type", "location")
        .containsEntry("location", Json.createValue("/orders/9"));
    assertThat(result.getJsonObject("body").getInt("order")).isEqualTo(9);
    assertThat(result).doesNotContainKey("bodyTruncated");
    assertThat(seen)
        .containsExactly(
            Map.of(
                "method", "POST",
                "idempotency-key", "task-7",
                "attempt", "2",
                "body", "{\"item\":\"book\"}"));
  }

  @Test
  void aLongBodyIsKeptAsTruncatedText() throws Exception {
    body = "x".repeat(1000);
    headers = Map.of("Content-Type", "text/plain");

    JsonObject result = run("{\"url\": \"" + url("/") + "\"}").asJsonObject();

    assertThat(result.getString("body")).isEqualTo("x".repeat(64));
    assertThat(result.getBoolean("bodyTruncated")).isTrue();
  }

  @Test
  void aServerErrorFailsTheAttemptToBeRetried() {
    status = 503;
    body = "down for maintenance";

    assertThatThrownBy(() -> run("{\"url\": \"" + url("/x") + "\"}"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("POST " + url("/x") + " answered 503: down for maintenance");
  }

  @Test
  void aRetryAfterIsPassedOnSoTheNextAttemptWaitsForIt() {
    status = 429;
    headers = Map.of("Retry-After", "120");
    body = "";

    assertThatThrownBy(() -> run("{\"url\": \"" + url("/x") + "\", \"method\": \"GET\"}"))
        .isInstanceOfSatisfying(
            RetryLater.class,
            later -> assertThat(later.notBefore()).isEqualTo(Duration.ofMinutes(2)))
        .hasMessage("GET " + url("/x") + " answered 429 (Retry-After PT2M)");
  }

  @Test
  void anUnexpectedClientErrorFailsTheTaskForGood() {
    status = 404;
    body = "no such hook";

    assertThatThrownBy(() -> run("{\"url\": \"" + url("/gone") + "\"}"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessage(
            "POST "
                + url("/gone")
                + " answered 404: no such hook; not an expected status, not retried");
  }

  @Test
  void aRedirectIsNotFollowed() {
    status = 302;
    headers = Map.of("Location", "http://169.254.169.254/");
    body = "";

    assertThatThrownBy(() -> run("{\"url\": \"" + url("/") + "\"}"))
        .isInstanceOf(PermanentFailure.class);
    assertThat(seen).hasSize(1);
  }

  @Test
  void noServerListeningFailsTheAttemptToBeRetried() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    assertThatThrownBy(() -> run("{\"url\": \"http://127.0.0.1:" + closed + "/\"}"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageStartingWith("POST http://127.0.0.1:" + closed + "/: cannot connect");
  }

  @Test
  void aTaskAcceptedElsewhereForAHostThisWorkerDoesNotAllowFailsForGood() {
    assertThatThrownBy(() -> run("{\"url\": \"http://localhost:1/\"}"))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageStartingWith("refused by this worker: host 'localhost' is not allowed");
  }

  @Test
  void retryAfterIsReadInSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-12-03T10:00:00Z");

    assertThat(HttpHandler.retryAfter(" 30 ", now)).hasValue(Duration.ofSeconds(30));
    assertThat(HttpHandler.retryAfter("Thu, 03 Dec 2026 10:01:30 GMT", now))
        .hasValue(Duration.ofSeconds(90));
    assertThat(HttpHandler.retryAfter("Thu, 03 Dec 2026 09:00:00 GMT", now))
        .hasValue(Duration.ZERO);
    assertThat(HttpHandler.retryAfter("soon", now)).isEmpty();
  }
}
