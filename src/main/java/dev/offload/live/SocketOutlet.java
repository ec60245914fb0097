package dev.offload.live;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A live client on a WebSocket: each event a JSON text frame {@code {"event": name, "data": ...}}.
 * Frames go out one at a time, asynchronously, so a slow client never holds up the thread that
 * delivers to every client; one that falls too far behind is closed.
 */
public final class SocketOutlet implements Outlet {

  /** Frames a client may have waiting before it is given up. */
  private static final int MAX_WAITING = 1_000;

  private final Session session;
  private final Queue<Frame> waiting = new ArrayDeque<>();
  private boolean sending;

  /** A text frame, or a ping when {@code text} is null. */
  private record Frame(String text, CompletableFuture<Void> sent) {}

  public SocketOutlet(Session session) {
    this.session = session;
  }

  @Override
  public CompletionStage<?> event(String name, String id, String json) {
    return send("{\"event\":\"" + name + "\",\"data\":" + json + "}");
  }

  @Override
  public CompletionStage<?> subscribed() {
    return send("{\"event\":\"subscribed\"}");
  }

  /** A ping, in line with the frames: a send may not overlap one still under way. */
  @Override
  public CompletionStage<?> heartbeat() {
    return send(null);
  }

  @Override
  public boolean isClosed() {
    return !session.isOpen();
  }

  /** Closes the socket normally: the client has heard all it will (its task finished). */
  @Override
  public void close() {
    close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
  }

  /** Closes the socket with a reason the client can read. */
  public void close(CloseReason reason) {
    try {
      if (session.isOpen()) {
        session.close(reason);
      }
    } catch (IOException | RuntimeException alreadyGone) {
      // Nothing left to tell it.
    }
  }

  private CompletionStage<?> send(String text) {
    Frame frame = new Frame(text, new CompletableFuture<>());
    synchronized (this) {
      if (waiting.size() >= MAX_WAITING) {
        frame.sent().completeExceptionally(new IOException("client too far behind"));
        return frame.sent();
      }
      waiting.add(frame);
      if (sending) {
        return frame.sent();
      }
      sending = true;
    }
    sendNext();
    return frame.sent();
  }

  /** Sends the oldest waiting frame; its completion sends the next. */
  private void sendNext() {
    Frame next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        sending = false;
        return;
      }
    }
    if (next.text() == null) {
      try {
        session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        next.sent().complete(null);
      } catch (IOException | RuntimeException e) {
        next.sent().completeExceptionally(e);
      }
      sendNext();
      return;
    }
    try {
      session
          .getAsyncRemote()
          .sendText(
              next.text(),
              result -> {
                if (result.isOK()) {
                  next.sent().complete(null);
                } else {
                  next.sent().completeExceptionally(result.getException());
                }
                sendNext();
              });
    } catch (RuntimeException e) {
      next.sent().completeExceptionally(e);
      sendNext();
    }
  }
}
