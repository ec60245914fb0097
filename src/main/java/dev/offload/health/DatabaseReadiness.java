package dev.offload.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the task store answers a query, through the same persistence unit and pool the
 * application uses: without it no task can be accepted or run.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @PersistenceContext EntityManager em;

  @Override
  public HealthCheckResponse call() {
    try {
      long tasks = em.createQuery("SELECT COUNT(t) FROM Task t", Long.class).getSingleResult();
      return HealthCheckResponse.named("database").up().withData("tasks", tasks).build();
    } catch (PersistenceException | IllegalStateException e) {
      return HealthCheckResponse.named("database").down().withData("error", e.toString()).build();
    }
  }
}
