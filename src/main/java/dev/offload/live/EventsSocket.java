package dev.offload.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;

/**
 * The transitions and progress of every task the caller may see, as JSON text frames on a
 * WebSocket, optionally of one type: {@code /api/live?type=}. The same events as {@code
 * /api/events}.
 */
@ApplicationScoped
@ServerEndpoint(value = "/api/live", configurator = SignedInSockets.class)
public class EventsSocket {

  @Inject LiveHub hub;

  @OnOpen
  public void open(Session session) {
    SocketOutlet outlet = new SocketOutlet(session);
    try {
      var visibility = SignedInSockets.visibility(session);
      List<String> types = session.getRequestParameterMap().get("type");
      String type = types == null || types.isEmpty() ? null : types.get(0);
      hub.stream(
          outlet, e -> visibility.sees(e.owner()) && (type == null || type.equals(e.type())));
    } catch (IllegalStateException notSignedIn) {
      outlet.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not signed in"));
    }
  }
}
