package dev.offload.retention;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the purge every {@code offload.retention.interval} for tasks finished more than {@code
 * offload.retention.age} ago, and remembers its last run for {@code /api/stats}.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetentionJob {

  private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

  @Inject TaskPurge purge;
  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "offload.retention.age", defaultValue = "P7D")
  Duration age;

  @Inject
  @ConfigProperty(name = "offload.retention.interval", defaultValue = "PT10M")
  Duration interval;

  private ScheduledFuture<?> schedule;
  private volatile Instant lastRunAt;
  private volatile int lastPurged;

  @PostConstruct
  void start() {
    schedule =
        scheduler.scheduleWithFixedDelay(
            this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    schedule.cancel(false);
  }

  /** Purges now the tasks finished before {@code cutoff}; returns how many went. */
  public int purgeFinishedBefore(Instant cutoff) {
    int purged = 0;
    int batch;
    do {
      batch = purge.batch(cutoff);
      purged += batch;
    } while (batch == TaskPurge.BATCH);
    if (purged > 0) {
      int total = purged;
      LOG.info(() -> "retention: purged " + total + " tasks finished before " + cutoff);
    }
    return purged;
  }

  void runOnce() {
    try {
      lastPurged = purgeFinishedBefore(Instant.now().minus(age));
      lastRunAt = Instant.now();
    } catch (RuntimeException e) {
      // The next run tries again; a database outage must not end the schedule.
      LOG.log(Level.WARNING, "retention run failed: " + e.getMessage());
    }
  }

  public Duration age() {
    return age;
  }

  public Instant lastRunAt() {
    return lastRunAt;
  }

  public int lastPurged() {
    return lastPurged;
  }
}
