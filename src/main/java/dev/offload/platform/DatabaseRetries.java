package dev.offload.platform;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * A read outside a transaction that loses its database connection is tried once more, at once, and
 * not twice more five seconds apart as well (EclipseLink's default is three retries): with the
 * database down, its client gets 503 in a moment instead of after more than 10 s, and the one retry
 * still replaces a connection that a restarted database closed.
 */
public class DatabaseRetries implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(1);
  }
}
