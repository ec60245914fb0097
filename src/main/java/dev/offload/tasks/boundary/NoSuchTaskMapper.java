package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.tasks.entity.NoSuchTask;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An unknown task id is a 404, whichever operation asked for it. */
@Provider
public class NoSuchTaskMapper implements ExceptionMapper<NoSuchTask> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(NoSuchTask e) {
    return Problem.notFound(e.getMessage()).toResponse(uri);
  }
}
