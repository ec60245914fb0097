package dev.offload.accounts;

import dev.offload.platform.HttpsRequired;
import dev.offload.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sign-in with HTTP Basic (people, and clients with a password) or a bearer token (service clients;
 * {@link Tokens}), whose refusals are problem+json like every other answer of the API (the built-in
 * mechanisms answer with the server's HTML error page); the identity stores check the password or
 * the token.
 */
@ApplicationScoped
public class SignIn implements HttpAuthenticationMechanism {

  static final String CHALLENGE = "Basic realm=\"Offload\", charset=\"UTF-8\"";
  static final String TOKEN_CHALLENGE = "Bearer realm=\"Offload\", error=\"invalid_token\"";

  @Inject IdentityStoreHandler identityStores;
  @Inject HttpsRequired https;
  @Inject Tokens tokens;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    try {
      if (https.refused(request, response)) {
        return AuthenticationStatus.SEND_FAILURE; // no challenge: no password over plain HTTP
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return withToken(header.substring(7).strip(), request, response, context);
    }
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return context.isProtected() || isDashboard(request)
          ? refuse(request, response, "sign in with an Offload account (HTTP Basic)")
          : context.doNothing();
    }
    String[] caller = decoded(header.substring(6).strip());
    if (caller == null) {
      return refuse(request, response, "the Authorization header is not valid Basic");
    }
    CredentialValidationResult result =
        identityStores.validate(new UsernamePasswordCredential(caller[0], caller[1]));
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      return context.notifyContainerAboutLogin(result);
    }
    return refuse(request, response, "wrong user name or password");
  }

  private AuthenticationStatus withToken(
      String token,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    if (!tokens.enabled()) {
      return refuse(
          request,
          response,
          "bearer tokens are not accepted here (no offload.jwt.issuer)",
          CHALLENGE);
    }
    CredentialValidationResult result = identityStores.validate(new BearerToken(token));
    if (result.getStatus() == CredentialValidationResult.Status.VALID) {
      return context.notifyContainerAboutLogin(result);
    }
    return refuse(
        request,
        response,
        "the bearer token is not valid: wrong signature or issuer, expired, or no Offload role in"
            + " its groups",
        TOKEN_CHALLENGE);
  }

  /**
   * The dashboard at the context root: web.xml protects {@code /index.html}, but {@code /} reaches
   * it as the welcome file, and the only pattern that names {@code /} ("/") names every path.
   */
  private static boolean isDashboard(HttpServletRequest request) {
    return request.getRequestURI().equals(request.getContextPath() + "/");
  }

  private static String[] decoded(String token) {
    try {
      String pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon <= 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, String detail) {
    return refuse(request, response, detail, CHALLENGE);
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, String detail, String challenge) {
    try {
      new Problem(HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail)
          .header("WWW-Authenticate", challenge)
          .write(response, request.getRequestURI());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
