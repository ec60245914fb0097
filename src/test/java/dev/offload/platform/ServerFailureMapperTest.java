package dev.offload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFailureMapperTest {

  private final ServerFailureMapper mapper = new ServerFailureMapper();

  @Test
  void aDatabaseThatCannotBeReachedIsUnavailable() {
    Problem problem =
        mapper.problem(
            new PersistenceException(
                new SQLNonTransientConnectionException("Connection is broken: refused", "08001")),
            "/api/tasks");

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.getMessage())
        .startsWith("the task store (database) is unavailable; nothing was written");
  }

  @Test
  void aBrokerThatCannotBeReachedIsUnavailable() {
    Problem problem = mapper.problem(new JMSRuntimeException("AMQ219010"), "/api/tasks");

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.getMessage()).startsWith("the message broker is unavailable");
  }

  @Test
  void aRollbackThatNamesNeitherNamesBoth() {
    Problem problem =
        mapper.problem(
            new TransactionalException("rolled back", new RollbackException("heuristic")),
            "/api/tasks");

    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.getMessage())
        .startsWith("the task store or the message broker is unavailable");
  }

  @Test
  void aLockOrStatementThatTimedOutOrAConflictSaysTheDatabaseWasBusyNotAway() {
    List<RuntimeException> contention =
        List.of(
            // H2's lock timeout and PostgreSQL's, as the persistence provider wraps them.
            new PersistenceException(new SQLException("Timeout trying to lock table", "HYT00")),
            new PersistenceException(new SQLException("could not obtain lock", "55P03")),
            new PersistenceException(new SQLException("canceling statement", "57014")),
            new PersistenceException(new SQLException("deadlock detected", "40P01")),
            new PessimisticLockException("row locked"),
            new OptimisticLockException("changed meanwhile"));

    assertThat(contention)
        .allSatisfy(
            failure -> {
              Problem problem = mapper.problem(failure, "/api/tasks/1/cancel");
              assertThat(problem.status()).isEqualTo(503);
              assertThat(problem.getMessage())
                  .startsWith("the task store (database) was busy")
                  .doesNotContain("unavailable");
            });
  }

  /**
   * Named as Liberty's pools name their exceptions: com.ibm.websphere.ce.cm's for JDBC (SQLSTATE
   * 08001, wrapping another of its kind), com.ibm.websphere.ce.j2c's for JMS.
   */
  static class Jdbc {
    static class ConnectionWaitTimeoutException extends SQLTransientConnectionException {
      ConnectionWaitTimeoutException(Throwable cause) {
        super("J2CA0045E: Connection not available", "08001", cause);
      }
    }
  }

  static class Jca {
    static class ConnectionWaitTimeoutException extends ResourceAllocationException {}
  }

  @Test
  void aPoolWithNoFreeConnectionSaysWhichWasBusy() {
    Problem database =
        mapper.problem(
            new PersistenceException(
                new Jdbc.ConnectionWaitTimeoutException(
                    new Jdbc.ConnectionWaitTimeoutException(null))),
            "/api/tasks");
    // As the Artemis adapter and JMS 2.0's runtime exceptions wrap it.
    JMSException session = new JMSException("Could not create a session");
    session.initCause(new Jca.ConnectionWaitTimeoutException());
    Problem broker =
        mapper.problem(new JMSRuntimeException("no session", null, session), "/api/tasks");

    assertThat(database.status()).isEqualTo(503);
    assertThat(database.getMessage())
        .startsWith("the task store (database) was busy: every pooled connection stayed in use");
    assertThat(broker.status()).isEqualTo(503);
    assertThat(broker.getMessage())
        .startsWith("the message broker was busy: every pooled connection stayed in use");
  }

  @Test
  void dataTheDatabaseRefusesIsAServerErrorWithAnIncident() {
    Problem tooLong =
        mapper.problem(
            new PersistenceException(new SQLDataException("Value too long for column", "22001")),
            "/api/tasks");
    Problem duplicate =
        mapper.problem(
            // PostgreSQL's driver throws a plain SQLException: the SQLSTATE tells.
            new PersistenceException(new SQLException("duplicate key value", "23505")),
            "/api/tasks");

    assertThat(tooLong.status()).isEqualTo(500);
    assertThat(tooLong.getMessage()).containsPattern("incident [0-9a-f-]{36}");
    assertThat(duplicate.status()).isEqualTo(500);
  }

  @Test
  void aBugIsAServerError() {
    assertThat(mapper.problem(new IllegalStateException("bug"), "/api/tasks").status())
        .isEqualTo(500);
  }
}
