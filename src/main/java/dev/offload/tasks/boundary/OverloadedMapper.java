package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.submission.Overloaded;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A full queue is a 503 the client may retry after a few seconds, with the reason named. */
@Provider
public class OverloadedMapper implements ExceptionMapper<Overloaded> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(Overloaded e) {
    return Problem.unavailable(e.getMessage())
        .reason("backpressure")
        .header("Retry-After", "5")
        .toResponse(uri);
  }
}
