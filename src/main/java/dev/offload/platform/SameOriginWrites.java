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
 * Refuses a request that changes something when a browser says it comes from another site: a
 * browser that has signed in to Offload sends its credentials with any page's form or script, so
 * without this check any site its user visits could retry, cancel or purge. Browsers name the
 * requesting page's origin ({@code Origin}, and {@code Sec-Fetch-Site}); clients that are not
 * browsers send neither and are not affected.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class SameOriginWrites extends HttpFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (READS.contains(request.getMethod()) || !fromAnotherSite(request)) {
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

  static boolean fromAnotherSite(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !site.equals("same-origin") && !site.equals("none");
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    try {
      URI from = URI.create(origin);
      int port =
          from.getPort() != -1 ? from.getPort() : from.getScheme().equals("https") ? 443 : 80;
      return !(request.getServerName().equalsIgnoreCase(from.getHost())
          && request.getServerPort() == port);
    } catch (IllegalArgumentException | NullPointerException opaque) {
      return true; // "null" and other origins that are no address
    }
  }
}
