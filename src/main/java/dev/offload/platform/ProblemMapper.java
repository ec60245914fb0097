package dev.offload.platform;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes a {@link Problem} as problem+json. */
@Provider
public class ProblemMapper implements ExceptionMapper<Problem> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(Problem problem) {
    return problem.toResponse(uri);
  }
}
