package dev.offload.live;

import java.util.concurrent.CompletionStage;

/**
 * Where one live client's events go: a Server-Sent Events stream ({@link SseOutlet}) or a WebSocket
 * ({@link SocketOutlet}). Each send returns at once; a send that fails ends the client.
 */
public interface Outlet {

  /** Sends an event: its name ({@code transition}, {@code progress}), an id or null, its JSON. */
  CompletionStage<?> event(String name, String id, String json);

  /** Tells the client it is subscribed, before any event comes. */
  CompletionStage<?> subscribed();

  /** Something small, so that a client that went away is noticed. */
  CompletionStage<?> heartbeat();

  boolean isClosed();

  void close();
}
