package dev.offload.live;

import dev.offload.accounts.Visibility;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;

/**
 * Carries what the signed-in caller may see from a WebSocket's handshake, the only moment its roles
 * can be asked, to its session. The handshake is an HTTP request under {@code /api/*}, so it is
 * signed in (Basic or bearer token) like every other; a request without an account never opens, nor
 * one a browser makes from a page of another site ({@code SameOriginWrites}).
 */
public class SignedInSockets extends ServerEndpointConfig.Configurator {

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    Principal caller = request.getUserPrincipal();
    if (caller != null) {
      // Keyed by account: whether the map is this session's copy or shared by the endpoint's
      // sessions, each session finds its own account's (one entry per account at most).
      config.getUserProperties().put(key(caller), Visibility.of(caller, request::isUserInRole));
    }
  }

  /**
   * The endpoint's instance, from CDI: with a configurator of its own an endpoint is otherwise
   * created without its injections. Endpoints are application-scoped: they keep nothing per socket,
   * and a dependent instance per socket would be kept until the application stops.
   */
  @Override
  public <T> T getEndpointInstance(Class<T> endpoint) {
    return CDI.current().select(endpoint).get();
  }

  /**
   * What the session's account may see, as its handshake found. Throws {@link
   * IllegalStateException} when the handshake gave it nothing.
   */
  public static Visibility visibility(Session session) {
    Principal caller = session.getUserPrincipal();
    Object visibility = caller == null ? null : session.getUserProperties().get(key(caller));
    if (!(visibility instanceof Visibility v)) {
      throw new IllegalStateException("a WebSocket opened without an account");
    }
    return v;
  }

  private static String key(Principal caller) {
    return Visibility.class.getName() + ":" + caller.getName();
  }
}
