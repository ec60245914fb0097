package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.submission.RateLimited;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An account over its rate gets 429 and when it may submit again ({@code Retry-After}). */
@Provider
public class RateLimitedMapper implements ExceptionMapper<RateLimited> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(RateLimited e) {
    return new Problem(Response.Status.TOO_MANY_REQUESTS, e.getMessage())
        .reason("rate-limit")
        .header("Retry-After", String.valueOf(e.retryAfterSeconds()))
        .toResponse(uri);
  }
}
