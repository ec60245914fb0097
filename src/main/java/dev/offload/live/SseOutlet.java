package dev.offload.live;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletionStage;

/** A live client on Server-Sent Events: each event named, its data JSON, comments to keep alive. */
final class SseOutlet implements Outlet {

  private final SseEventSink sink;
  private final Sse sse;

  SseOutlet(SseEventSink sink, Sse sse) {
    this.sink = sink;
    this.sse = sse;
  }

  @Override
  public CompletionStage<?> event(String name, String id, String json) {
    var event = sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE);
    if (id != null) {
      event.id(id);
    }
    return sink.send(event.data(String.class, json).build());
  }

  @Override
  public CompletionStage<?> subscribed() {
    // Commits the response now.
    return sink.send(sse.newEventBuilder().comment("subscribed").build());
  }

  @Override
  public CompletionStage<?> heartbeat() {
    return sink.send(sse.newEventBuilder().comment("heartbeat").build());
  }

  @Override
  public boolean isClosed() {
    return sink.isClosed();
  }

  @Override
  public void close() {
    sink.close();
  }
}
