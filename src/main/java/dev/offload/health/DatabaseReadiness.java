package dev.offload.health;

import dev.offload.tasks.entity.Task;
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

  /** No task has this id: task ids are UUIDs. */
  private static final String PROBE_ID = "readiness-probe";

  @PersistenceContext EntityManager em;

  @Override
  public HealthCheckResponse call() {
    try {
      // A primary-key lookup costs the same with ten tasks or ten million; no probe counts them.
      em.find(Task.class, PROBE_ID);
      return HealthCheckResponse.named("database").up().build();
    } catch (PersistenceException | IllegalStateException e) {
      return HealthCheckResponse.named("database").down().withData("error", e.toString()).build();
    }
  }
}
