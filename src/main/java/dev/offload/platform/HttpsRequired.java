package dev.offload.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses plain HTTP with a 403 problem that names the HTTPS address when {@code
 * offload.https.required} is true: a redirect would make clients resend credentials and bodies in
 * the clear before they learn to stop, and a POST is not safely redirected. The sign-in asks it
 * first: it runs before anything else for every request of the application, and must not ask for a
 * password over plain HTTP.
 */
@ApplicationScoped
public class HttpsRequired {

  @Inject
  @ConfigProperty(name = "offload.https.required", defaultValue = "false")
  boolean required;

  @Inject
  @ConfigProperty(name = "offload.https.port", defaultValue = "9443")
  int httpsPort;

  /** Answers 403 and returns true for plain HTTP when HTTPS is required. */
  public boolean refused(HttpServletRequest request, HttpServletResponse response)
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
