package dev.offload.platform;

import jakarta.jms.JMSRuntimeException;
import jakarta.json.Json;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Answers 503 when the broker or the database could not take part in a request, being away or the
 * database busy with the same rows (the transaction has rolled back by then, so nothing of the
 * request remains), and 500 with an incident id for any other failure, a database's refusal of the
 * data included: trying again later would not help.
 */
@Provider
public class ServerFailureMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(ServerFailureMapper.class.getName());

  private static final Set<String> CONTENTION_STATES =
      Set.of("40001", "40P01", "HYT00", "90131", "55P03", "57014");

  @Context UriInfo uri;

  @Override
  public Response toResponse(RuntimeException e) {
    String path = uri == null ? null : uri.getRequestUri().getPath();
    return problem(e, path).toResponse(path);
  }

  /** The problem a failure is reported as, logged once: a warning, or an error with an incident. */
  Problem problem(RuntimeException e, String path) {
    if (isInfrastructureFailure(e)) {
      String what = whatHappened(e);
      LOG.warning(() -> "request " + path + " failed, " + what + ": " + rootMessage(e));
      return Problem.unavailable(what + "; nothing was written, try again later")
          .reason("unavailable")
          .header("Retry-After", "5");
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "request " + path + " failed unexpectedly, incident " + incident, e);
    return new Problem(
            Response.Status.INTERNAL_SERVER_ERROR,
            "unexpected server error; the server log has it under incident " + incident)
        .with("incident", Json.createValue(incident));
  }

  /** What stopped the request: a component away, or busy (its pool full, or contention). */
  private static String whatHappened(Throwable e) {
    if (waitedForAConnection(e)) {
      return whatWasUnavailable(e) + " was busy: every pooled connection stayed in use";
    }
    if (isContention(e)) {
      return "the task store (database) was busy: a lock or a statement timed out, or"
          + " transactions conflicted";
    }
    return whatWasUnavailable(e) + " is unavailable";
  }

  /**
   * Whether a component was unavailable: a broker or database failure that is not the database
   * refusing the request's data or statement, which no retry would cure.
   */
  static boolean isInfrastructureFailure(Throwable e) {
    if (causes(e)
        .anyMatch(t -> t instanceof SQLException sql && refusesTheRequest(sql.getSQLState()))) {
      return false;
    }
    return causes(e)
        .anyMatch(
            t ->
                isBroker(t)
                    || isDatabase(t)
                    || t instanceof TransactionalException
                    || t instanceof jakarta.transaction.RollbackException);
  }

  /**
   * The broker or the database, when the failure names only one of them; both when it names both or
   * neither (a transaction that rolled back without saying why).
   */
  static String whatWasUnavailable(Throwable e) {
    boolean broker = causes(e).anyMatch(ServerFailureMapper::isBroker);
    boolean database = causes(e).anyMatch(ServerFailureMapper::isDatabase);
    if (broker == database) {
      return "the task store or the message broker";
    }
    return broker ? "the message broker" : "the task store (database)";
  }

  /**
   * A lock or a statement that timed out, or a transaction that lost a conflict over the same rows
   * (an optimistic lock, a serialization failure or a deadlock): the database is up, and busy.
   * SQLSTATEs: 40001 and 40P01, H2's HYT00 (lock timeout), 90131 (concurrent update) and 57014,
   * PostgreSQL's 55P03 and 57014.
   */
  static boolean isContention(Throwable e) {
    return causes(e)
        .anyMatch(
            t ->
                t instanceof LockTimeoutException
                    || t instanceof PessimisticLockException
                    || t instanceof OptimisticLockException
                    || t instanceof QueryTimeoutException
                    || (t instanceof SQLException sql
                        && CONTENTION_STATES.contains(sql.getSQLState())));
  }

  /**
   * Liberty's connection pool found no free connection within its {@code connectionTimeout}: the
   * database or broker is up and every connection to it is taken. Liberty's exception (JDBC's and
   * JCA's share the name) is not on the application's class path, so its name tells.
   */
  static boolean waitedForAConnection(Throwable e) {
    return causes(e)
        .anyMatch(t -> t.getClass().getSimpleName().equals("ConnectionWaitTimeoutException"));
  }

  /** The failure and its causes, outermost first. */
  private static Stream<Throwable> causes(Throwable e) {
    return Stream.iterate(e, Objects::nonNull, Throwable::getCause);
  }

  private static boolean isBroker(Throwable t) {
    return t instanceof JMSRuntimeException || t instanceof jakarta.jms.JMSException;
  }

  private static boolean isDatabase(Throwable t) {
    return t instanceof PersistenceException || t instanceof SQLException;
  }

  /**
   * SQLSTATE classes 22 (data exception), 23 (integrity constraint violation) and 42 (syntax error
   * or access rule violation): the database answered, and refused.
   */
  private static boolean refusesTheRequest(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("42"));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = causes(e).reduce((outer, inner) -> inner).orElseThrow();
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
