package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.submission.KeyReused;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An idempotency key reused for another request is a 409: the first request's task stands. */
@Provider
public class KeyReusedMapper implements ExceptionMapper<KeyReused> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(KeyReused e) {
    return new Problem(Response.Status.CONFLICT, e.getMessage()).toResponse(uri);
  }
}
