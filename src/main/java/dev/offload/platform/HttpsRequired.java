package dev.offload.platform;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses plain HTTP with a 403 problem that names the HTTPS address when {@code
 * offload.https.required} is true: a redirect would make clients resend credentials and bodies in
 * the clear before they learn to stop, and a POST is not safely redirected.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpsRequired extends HttpFilter {

  @Inject
  @ConfigProperty(name = "offload.https.required", defaultValue = "false")
  boolean required;

  @Inject
  @ConfigProperty(name = "offload.https.port", defaultValue = "9443")
  int httpsPort;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!refused(request, response, required, httpsPort)) {
      chain.doFilter(request, response);
    }
  }

  /**
   * Answers 403 and returns true for plain HTTP when HTTPS is required. The sign-in calls it too:
   * it runs before any filter, and must not ask for a password over plain HTTP.
   */
  public static boolean refused(
      HttpServletRequest request, HttpServletResponse response, boolean required, int httpsPort)
      throws IOException {
    if (!required || request.isSecure()) {
      return false;
    }
    String secure =
        "https://" + request.getServerName() + ":" + httpsPort + request.getRequestURI();
    new Problem(
            HttpServletResponse.SC_FORBIDDEN,
            "Forbidden",
            "this server accepts HTTPS only (offload.https.required); use " + secure)
        .write(response, request.getRequestURI());
    return true;
  }
}
