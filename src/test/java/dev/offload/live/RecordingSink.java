package dev.offload.live;

import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An event stream's client end, in memory: what a browser would have received, in order. */
final class RecordingSink implements SseEventSink, Sse {

  /** One event as sent: a comment, or a named event with an id and its data. */
  record Sent(String name, String id, String comment, Object data) implements OutboundSseEvent {
    @Override
    public Class<?> getType() {
      return data == null ? null : data.getClass();
    }

    @Override
    public Type getGenericType() {
      return getType();
    }

    @Override
    public MediaType getMediaType() {
      return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public Object getData() {
      return data;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public String getComment() {
      return comment;
    }

    @Override
    public long getReconnectDelay() {
      return -1;
    }

    @Override
    public boolean isReconnectDelaySet() {
      return false;
    }
  }

  final List<Sent> sent = new ArrayList<>();
  private boolean closed;

  /** The ids ({@code taskId/revision}) of the transitions received, comments left out. */
  List<String> ids() {
    return sent.stream().filter(s -> s.name() != null).map(Sent::id).toList();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public CompletionStage<?> send(OutboundSseEvent event) {
    sent.add((Sent) event);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public OutboundSseEvent.Builder newEventBuilder() {
    return new OutboundSseEvent.Builder() {
      private String name;
      private String id;
      private String comment;
      private Object data;

      @Override
      public OutboundSseEvent.Builder id(String id) {
        this.id = id;
        return this;
      }

      @Override
      public OutboundSseEvent.Builder name(String name) {
        this.name = name;
        return this;
      }

      @Override
      public OutboundSseEvent.Builder reconnectDelay(long milliseconds) {
        return this;
      }

      @Override
      public OutboundSseEvent.Builder mediaType(MediaType mediaType) {
        return this;
      }

      @Override
      public OutboundSseEvent.Builder comment(String comment) {
        this.comment = comment;
        return this;
      }

      @Override
      public OutboundSseEvent.Builder data(Class type, Object data) {
        this.data = data;
        return this;
      }

      @Override
      public OutboundSseEvent.Builder data(GenericType type, Object data) {
        this.data = data;
        return this;
      }

      @Override
      public OutboundSseEvent.Builder data(Object data) {
        this.data = data;
        return this;
      }

      @Override
      public OutboundSseEvent build() {
        return new Sent(name, id, comment, data);
      }
    };
  }

  @Override
  public SseBroadcaster newBroadcaster() {
    throw new UnsupportedOperationException();
  }
}
