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
    if (!required || request.isSecure()) {
      chain.doFilter(request, response);
      return;
    }
    String secure =
        "https://" + request.getServerName() + ":" + httpsPort + request.getRequestURI();
    new Problem(
            HttpServletResponse.SC_FORBIDDEN,
            "Forbidden",
            "this server accepts HTTPS only (offload.https.required); use " + secure)
        .write(response, request.getRequestURI());
  }
}
