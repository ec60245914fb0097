package dev.offload.platform;

import jakarta.jms.JMSRuntimeException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers 503 when the broker or the database could not take part in a request. The transaction has
 * rolled back by then, so nothing of the request remains.
 */
@Provider
public class ServerFailureMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(ServerFailureMapper.class.getName());

  @Context UriInfo uri;

  @Override
  public Response toResponse(RuntimeException e) {
    String path = uri == null ? null : uri.getRequestUri().getPath();
    if (isInfrastructureFailure(e)) {
      LOG.warning(
          () -> "request " + path + " failed, broker or database unavailable: " + rootMessage(e));
      return Problem.unavailable(
              "the task store or the message broker is unavailable; nothing was written, try again later")
          .reason("unavailable")
          .header("Retry-After", "5")
          .toResponse(path);
    }
    LOG.log(Level.SEVERE, "request " + path + " failed unexpectedly", e);
    return new Problem(
            Response.Status.INTERNAL_SERVER_ERROR, "unexpected server error; see the server log")
        .toResponse(path);
  }

  static boolean isInfrastructureFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JMSRuntimeException
          || t instanceof jakarta.jms.JMSException
          || t instanceof PersistenceException
          || t instanceof TransactionalException
          || t instanceof jakarta.transaction.RollbackException
          || t instanceof java.sql.SQLException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
