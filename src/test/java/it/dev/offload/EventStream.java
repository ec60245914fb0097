package it.dev.offload;

import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** A Server-Sent Events client that keeps every event's data, read the way a browser would. */
final class EventStream implements AutoCloseable {

  /** The data of the transition events, in the order they came. */
  final List<JsonPath> events = Collections.synchronizedList(new ArrayList<>());

  /** The data of the progress events, in the order they came. */
  final List<JsonPath> progress = Collections.synchronizedList(new ArrayList<>());

  final List<String> eventNames = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Void> ended;
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile int status;

  EventStream(String path) {
    this(path, String.join(":", Offload.OPERATOR));
  }

  /** A stream as the account {@code name:password}. */
  EventStream(String path, String account) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Offload.API + path))
            .header("Accept", "text/event-stream")
            .header("Authorization", Offload.basic(account))
            .build();
    response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    ended =
        response.thenAcceptAsync(
            r -> {
              status = r.statusCode();
              try (Stream<String> lines = r.body()) {
                lines.forEach(this::line);
              }
            });
  }

  private void line(String line) {
    if (line.startsWith("event:")) {
      eventNames.add(line.substring("event:".length()).trim());
    } else if (line.startsWith("data:")) {
      JsonPath data = JsonPath.from(line.substring("data:".length()).trim());
      synchronized (eventNames) {
        boolean isProgress =
            !eventNames.isEmpty() && eventNames.get(eventNames.size() - 1).equals("progress");
        (isProgress ? progress : events).add(data);
      }
    }
  }

  int status() {
    await().atMost(Duration.ofSeconds(10)).until(() -> status != 0);
    return status;
  }

  List<String> statuses(String taskId) {
    synchronized (events) {
      return events.stream()
          .filter(e -> taskId.equals(e.getString("taskId")))
          .map(e -> e.getString("status"))
          .toList();
    }
  }

  /**
   * The task's statuses in the order of the revisions they carry: the order in which they were
   * written, whichever server wrote them and whenever they arrived.
   */
  List<String> statusesByRevision(String taskId) {
    synchronized (events) {
      return events.stream()
          .filter(e -> taskId.equals(e.getString("taskId")))
          .sorted(java.util.Comparator.comparingLong(e -> e.getLong("revision")))
          .map(e -> e.getString("status"))
          .toList();
    }
  }

  void awaitStatus(String taskId, String status, Duration atMost) {
    await().atMost(atMost).until(() -> statuses(taskId).contains(status));
  }

  /** Whether the server has ended the stream. */
  boolean ended() {
    return ended.isDone();
  }

  @Override
  public void close() {
    response.cancel(true);
    ended.cancel(true);
  }
}
