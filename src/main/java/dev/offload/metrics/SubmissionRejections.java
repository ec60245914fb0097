package dev.offload.metrics;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;

/**
 * Counts refused submissions by reason, whichever layer refused them (JAX-RS itself, validation,
 * idempotency, backpressure, an unavailable broker or database).
 */
@Provider
public class SubmissionRejections implements ContainerResponseFilter {

  @Inject TaskMetrics metrics;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400
        || !HttpMethod.POST.equals(request.getMethod())
        || !"tasks".equals(request.getUriInfo().getPath().replaceAll("^/|/$", ""))) {
      return;
    }
    metrics.rejected(reason(response));
  }

  private static String reason(ContainerResponseContext response) {
    if (response.getEntity() instanceof String body && body.contains("\"reason\"")) {
      try {
        JsonObject problem = Json.createReader(new StringReader(body)).readObject();
        return problem.getString("reason", "unknown");
      } catch (JsonParsingException | ClassCastException e) {
        // Not a problem document after all: fall back to the status.
      }
    }
    return switch (response.getStatus()) {
      case 400, 422 -> "invalid";
      case 409 -> "conflict";
      case 413 -> "too-large";
      case 415 -> "unsupported-media-type";
      case 503 -> "unavailable";
      default -> "status-" + response.getStatus();
    };
  }
}
