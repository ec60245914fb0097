package it.dev.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live status on WebSockets: the same events as the SSE streams, as JSON text frames. */
class WebSocketIT {

  private static final String ALICE = "it-submitter:it-submitter-secret";
  private static final String BOB = "it-submitter-2:it-submitter-2-secret";

  /** A WebSocket client that keeps every frame, and how the server closed it. */
  static final class Frames implements WebSocket.Listener, AutoCloseable {
    final List<JsonPath> frames = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Frames open(String path, String account) throws Exception {
      return open(path, account, null);
    }

    static Frames open(String path, String account, String origin) throws Exception {
      Frames frames = new Frames();
      WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
      if (origin != null) {
        builder.header("Origin", origin);
      }
      if (account != null) {
        builder.header("Authorization", Offload.basic(account));
      }
      frames.socket =
          builder
              .buildAsync(URI.create(Offload.API.replace("http", "ws") + path), frames)
              .get(10, TimeUnit.SECONDS);
      return frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(JsonPath.from(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closedWith.complete(statusCode);
      return null;
    }

    List<JsonPath> named(String event) {
      synchronized (frames) {
        return frames.stream().filter(f -> event.equals(f.getString("event"))).toList();
      }
    }

    List<String> statuses() {
      return named("transition").stream().map(f -> f.getString("data.status")).toList();
    }

    @Override
    public void close() {
      socket.abort();
    }
  }

  @Test
  void aTasksSocketSendsItsStatusNowThenItsTransitionsAndProgressAndClosesAfterTheEnd()
      throws Exception {
    String id = Offload.submit("{\"type\":\"simulate\",\"payload\":{\"durationMs\":1500}}");

    try (Frames ws =
        Frames.open("/api/tasks/" + id + "/live", String.join(":", Offload.OPERATOR))) {
      assertThat(ws.closedWith.get(60, TimeUnit.SECONDS)).as("normal closure").isEqualTo(1000);

      assertThat(ws.frames.get(0).getString("event")).isEqualTo("transition");
      assertThat(ws.statuses().get(0))
          .as("the first frame is the status when the client connected")
          .isIn("QUEUED", "PROCESSING");
      assertThat(ws.statuses()).endsWith("COMPLETED");
      assertThat(ws.named("progress"))
          .extracting(f -> f.getInt("data.percent"))
          .isSorted()
          .endsWith(100);
      JsonPath completed = ws.named("transition").get(ws.named("transition").size() - 1);
      assertThat(completed.getString("data.taskId")).isEqualTo(id);
      assertThat(completed.getLong("data.revision"))
          .isEqualTo(Offload.task(id).getLong("revision"));
    }
  }

  @Test
  void theSocketOfAllTasksCarriesWhatItsCallerMaySeeOfOneType() throws Exception {
    try (Frames alices = Frames.open("/api/live?type=simulate", ALICE);
        Frames bobs = Frames.open("/api/live", BOB)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !alices.named("subscribed").isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(() -> !bobs.named("subscribed").isEmpty());

      String id = Offload.submit(ALICE, "{\"type\":\"simulate\",\"payload\":{\"durationMs\":200}}");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  alices.named("transition").stream()
                      .anyMatch(
                          f ->
                              id.equals(f.getString("data.taskId"))
                                  && "COMPLETED".equals(f.getString("data.status"))));
      assertThat(alices.named("progress"))
          .anySatisfy(f -> assertThat(f.getString("data.taskId")).isEqualTo(id));
      assertThat(bobs.frames)
          .as("another submitter hears nothing of alice's task")
          .noneMatch(f -> id.equals(f.getString("data.taskId")));
      assertThat(alices.closedWith).as("stays open").isNotDone();
    }
  }

  @Test
  void aTaskTheCallerMayNotSeeClosesTheSocketAsIfItDidNotExist() throws Exception {
    String alices = Offload.submit(ALICE, "{\"type\":\"simulate\"}");

    try (Frames bob = Frames.open("/api/tasks/" + alices + "/live", BOB)) {
      assertThat(bob.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(4404);
      assertThat(bob.frames).isEmpty();
    }
    try (Frames bad = Frames.open("/api/tasks/not-a-task/live", BOB)) {
      assertThat(bad.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(4400);
    }
  }

  @Test
  void aSocketWithoutAnAccountIsRefusedAtTheHandshake() {
    assertThatThrownBy(() -> Frames.open("/api/live", null))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void aPageOfAnotherSiteCannotOpenASocketWithItsVisitorsAccount() throws Exception {
    // What a browser sends for a script on evil.example, with its user's cached credentials.
    assertThatThrownBy(() -> Frames.open("/api/live", ALICE, "http://evil.example"))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    // The dashboard's own page may.
    try (Frames own = Frames.open("/api/live", ALICE, Offload.API)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !own.named("subscribed").isEmpty());
    }
  }
}
