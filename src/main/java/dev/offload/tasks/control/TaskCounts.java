package dev.offload.tasks.control;

import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The number of tasks in each status, counted at most once per {@code offload.stats.max-age}: a
 * count reads every task, and each open dashboard asks every two seconds.
 */
@ApplicationScoped
public class TaskCounts {

  /** Counts and when they were taken. */
  public record Counted(Map<TaskStatus, Long> counts, Instant at) {}

  @Inject TaskQueries queries;

  @Inject
  @ConfigProperty(name = "offload.stats.max-age", defaultValue = "PT2S")
  Duration maxAge;

  private Counted last;

  /** Counts no older than the maximum age; one caller counts while the others wait for it. */
  public synchronized Counted now() {
    Instant now = Instant.now();
    if (last == null || !last.at().plus(maxAge).isAfter(now)) {
      last = new Counted(queries.countByStatus(), now);
    }
    return last;
  }
}
