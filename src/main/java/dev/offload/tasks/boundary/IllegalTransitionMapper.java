package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.tasks.entity.IllegalTransitionException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request the task's current state does not allow (retrying a completed task, say) is a 409. */
@Provider
public class IllegalTransitionMapper implements ExceptionMapper<IllegalTransitionException> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(IllegalTransitionException e) {
    return new Problem(Response.Status.CONFLICT, e.getMessage()).toResponse(uri);
  }
}
