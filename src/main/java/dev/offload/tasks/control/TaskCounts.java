package dev.offload.tasks.control;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The last counts of each visibility: one per submitter, and one of every task. */
  private final Map<Visibility, Counted> last = new ConcurrentHashMap<>();

  /**
   * Counts of the tasks the caller may see, no older than the maximum age; one caller counts while
   * the others with the same visibility wait for it (and callers with another do not).
   */
  public Counted now(Visibility visibility) {
    return last.compute(
        visibility,
        (v, counted) -> {
          Instant now = Instant.now();
          return counted != null && counted.at().plus(maxAge).isAfter(now)
              ? counted
              : new Counted(queries.countByStatus(v), now);
        });
  }
}
