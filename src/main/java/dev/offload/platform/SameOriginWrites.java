package dev.offload.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * Refuses a request that changes something, or opens a WebSocket, when a browser says it comes from
 * another site: a browser that has signed in to Offload sends its credentials with any page's form
 * or script, so without this check any site its user visits could retry, cancel or purge, or listen
 * to every task its user may see. Browsers name the requesting page's origin ({@code Origin}, and
 * {@code Sec-Fetch-Site}); clients that are not browsers send neither and are not affected.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class SameOriginWrites extends HttpFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (READS.contains(request.getMethod()) && !isWebSocketHandshake(request)
        || !fromAnotherSite(request)) {
      chain.doFilter(request, response);
      return;
    }
    new Problem(
            HttpServletResponse.SC_FORBIDDEN,
            "Forbidden",
            "a page of another site may not change anything here (Origin "
                + request.getHeader("Origin")
                + ")")
        .write(response, request.getRequestURI());
  }

  /**
   * A WebSocket handshake is a GET, but it opens a channel whose frames the page can read (the
   * browser's same-origin rule does not cover WebSockets): one from another site is refused too.
   */
  private static boolean isWebSocketHandshake(HttpServletRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  static boolean fromAnotherSite(HttpServletRequest request) {
    return fromAnotherSite(
        request.getHeader("Sec-Fetch-Site"),
        request.getHeader("Origin"),
        request.getServerName(),
        request.getServerPort());
  }

  /**
   * Whether a browser says the request comes from a page of another site than {@code host}:{@code
   * port}, the address it was sent to.
   */
  private static boolean fromAnotherSite(String fetchSite, String origin, String host, int port) {
    if (fetchSite != null) {
      return !fetchSite.equals("same-origin") && !fetchSite.equals("none");
    }
    if (origin == null) {
      return false;
    }
    try {
      URI from = URI.create(origin);
      int fromPort =
          from.getPort() != -1 ? from.getPort() : from.getScheme().equals("https") ? 443 : 80;
      return !(host.equalsIgnoreCase(from.getHost()) && port == fromPort);
    } catch (IllegalArgumentException | NullPointerException opaque) {
      return true; // "null" and other origins that are no address
    }
  }
}
