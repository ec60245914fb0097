package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.submission.KeyReused;
import dev.offload.submission.Overloaded;
import dev.offload.submission.RateLimited;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Refusal;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** One table of what each refusal is in HTTP, so a client can tell from the answer what to do. */
@Provider
public class RefusalMapper implements ExceptionMapper<Refusal> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(Refusal refusal) {
    return problem(refusal).toResponse(uri);
  }

  static Problem problem(Refusal refusal) {
    String detail = refusal.getMessage();
    if (refusal instanceof NoSuchTask) {
      // Whichever operation asked for it.
      return Problem.notFound(detail);
    }
    if (refusal instanceof IllegalTransitionException || refusal instanceof KeyReused) {
      // The task stands as it is: its state, or the request its key was first used for, wins.
      return new Problem(Response.Status.CONFLICT, detail);
    }
    if (refusal instanceof Overloaded) {
      return Problem.unavailable(detail).reason("backpressure").header("Retry-After", "5");
    }
    if (refusal instanceof RateLimited limited) {
      return new Problem(Response.Status.TOO_MANY_REQUESTS, detail)
          .reason("rate-limit")
          .header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
    }
    // A refusal nobody gave a row here is a bug; JAX-RS answers it with a 500.
    throw new IllegalStateException("no HTTP answer for " + refusal.getClass().getName(), refusal);
  }
}
