package dev.offload.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the errors JAX-RS raises itself (unknown path, wrong method, unsupported media type) the
 * same problem+json shape as Offload's own; a problem raised while binding a parameter, which
 * JAX-RS wraps in one of its own, is answered as it is.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(WebApplicationException e) {
    if (e.getCause() instanceof Problem problem) {
      return problem.toResponse(uri);
    }
    Response original = e.getResponse();
    Response.StatusType status = original.getStatusInfo();
    String detail =
        switch (status.getStatusCode()) {
          case 403 -> "this account's role may not do this";
          case 404 -> "no resource at this path";
          case 405 -> "method not allowed here";
          case 406 -> "this resource answers application/json only";
          case 415 -> "the request body must be application/json";
          default -> e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
        };
    Response problem =
        new Problem(status.getStatusCode(), status.getReasonPhrase(), detail).toResponse(uri);
    Response.ResponseBuilder builder = Response.fromResponse(problem);
    original
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (name.equalsIgnoreCase("Allow")) {
                builder.header(name, String.join(",", values));
              }
            });
    return builder.build();
  }
}
