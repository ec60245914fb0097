package dev.offload.processing;

import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.TransitionHeard;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Watches the attempts running on this server's consumer threads. A handler runs on the thread that
 * received its message, with no hand-off; one watchdog looks at all of them a few times a second:
 * it writes {@code PROCESSING} for an attempt that has run longer than a moment, and at an
 * attempt's timeout it abandons it (interrupts its thread, records the failure and schedules the
 * next attempt), so a stuck handler cannot hold its task. When this server hears that a task it is
 * running was cancelled, it interrupts that attempt's thread.
 */
@ApplicationScoped
public class RunningAttempts {

  private static final Logger LOG = Logger.getLogger(RunningAttempts.class.getName());
  private static final long TICK_MS = 50;

  /** A running attempt's progress is written at most this often. */
  private static final long WRITE_PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /**
   * A running attempt's progress is published at most this often: a handler that reports in a hot
   * loop cannot flood the topic (whose backlog transitions share), and the latest report always
   * goes out, at the next tick or with the attempt's outcome.
   */
  static final long PUBLISH_PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How long an attempt runs before its {@code PROCESSING} is written to the database. */
  @Inject
  @ConfigProperty(name = "offload.processing.visible-after", defaultValue = "PT0.2S")
  Duration visibleAfter;

  @Inject AttemptRecords records;
  @Inject Event<Progress> progressReported;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> watchdog;

  @PostConstruct
  void start() {
    watchdog =
        scheduler.scheduleWithFixedDelay(this::look, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    watchdog.cancel(false);
  }

  /** Starts watching the attempt the current thread is about to run. */
  Running start(String taskId, int attempt, Duration timeout, Instant startedAt) {
    Running r =
        new Running(taskId, attempt, timeout, startedAt, Thread.currentThread(), visibleAfter);
    running.add(r);
    return r;
  }

  /**
   * Stops watching an attempt whose handler has returned. Returns whether its {@code PROCESSING}
   * was written meanwhile (the completion must then re-read the task), unless the watchdog
   * abandoned it first ({@link Running#abandoned()}).
   */
  boolean finish(Running r) {
    running.remove(r);
    return r.finish();
  }

  /**
   * Stops the attempt of a task cancelled while it ran (on this server or through another). Only
   * for a bean that exists: a server that runs no attempts does not start a watchdog to hear this.
   */
  void cancelled(@Observes(notifyObserver = Reception.IF_EXISTS) TransitionHeard heard) {
    if (heard.transition().status() != TaskStatus.CANCELLED) {
      return;
    }
    for (Running r : running) {
      if (r.taskId.equals(heard.transition().taskId())) {
        r.cancel();
      }
    }
  }

  /**
   * Publishes a report of the attempt {@code r} now, unless the last one published is only a moment
   * old: then the watchdog's next tick, or the attempt's outcome, publishes the latest.
   */
  void report(Running r, Progress report) {
    if (r.report(report, System.nanoTime())) {
      progressReported.fire(report);
    }
  }

  /** Publishes the attempt's latest report if it has not been published. */
  void publishRest(Running r) {
    publishRest(r, System.nanoTime());
  }

  private void publishRest(Running r, long now) {
    Progress unpublished = r.takeUnpublished(now);
    if (unpublished != null) {
      progressReported.fire(unpublished);
    }
  }

  private void look() {
    long now = System.nanoTime();
    for (Running r : running) {
      try {
        if (now >= r.deadline) {
          if (r.abandon()) {
            running.remove(r);
            records.failed(r.taskId, r.attempt, new AttemptTimedOut(r.timeout));
          }
          continue;
        }
        publishRest(r, now);
        Progress unwritten = r.toWrite(now);
        if (unwritten != null) {
          records.progress(unwritten);
        }
        if (now >= r.visibleAt && r.beginWrite()) {
          boolean written = false;
          try {
            written = records.running(r.taskId, r.attempt, r.startedAt);
          } finally {
            r.endWrite(written);
          }
        }
      } catch (RuntimeException e) {
        // The database may be away: the attempt's own outcome will tell; look again next time.
        LOG.log(Level.FINE, "taskId=" + r.taskId + " watchdog: " + e, e);
      }
    }
  }

  /** One running attempt and where the watchdog stands with it. */
  static final class Running {
    private static final int RUNNING = 0;
    private static final int WRITING = 1;
    private static final int WRITTEN = 2;
    private static final int FINISHED = 3;
    private static final int ABANDONED = 4;

    final String taskId;
    final int attempt;
    final Duration timeout;
    final Instant startedAt;
    private final Thread thread;
    private final long deadline;
    private volatile long visibleAt;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile boolean cancelled;
    private volatile Progress latest;
    private Progress published;
    private long publishedAt = Long.MIN_VALUE / 2;

    /** The watchdog's alone. */
    private Progress written;

    private long writtenAt = Long.MIN_VALUE / 2;

    Running(
        String taskId,
        int attempt,
        Duration timeout,
        Instant startedAt,
        Thread thread,
        Duration visibleAfter) {
      this.taskId = taskId;
      this.startedAt = startedAt;
      this.attempt = attempt;
      this.timeout = timeout;
      this.thread = thread;
      long now = System.nanoTime();
      this.deadline = now + timeout.toNanos();
      this.visibleAt = now + visibleAfter.toNanos();
    }

    boolean abandoned() {
      return state.get() == ABANDONED;
    }

    /**
     * Keeps the handler's latest report; returns whether to publish it now (the last published one
     * is a moment old). The watchdog publishes what is left, or the attempt's outcome does.
     */
    synchronized boolean report(Progress report, long now) {
      latest = report;
      if (now - publishedAt < PUBLISH_PROGRESS_EVERY_NANOS) {
        return false;
      }
      published = report;
      publishedAt = now;
      return true;
    }

    /** The latest report, whether published and written or not; null before the first. */
    Progress latest() {
      return latest;
    }

    /** The latest report if it has not been published, marked published. */
    synchronized Progress takeUnpublished(long now) {
      Progress last = latest;
      if (last == null || last == published) {
        return null;
      }
      published = last;
      publishedAt = now;
      return last;
    }

    /** The latest report if the watchdog has not written it and may write again now. */
    private Progress toWrite(long now) {
      Progress last = latest;
      if (last == null || last == written || now - writtenAt < WRITE_PROGRESS_EVERY_NANOS) {
        return null;
      }
      written = last;
      writtenAt = now;
      return last;
    }

    /** Whether its task was cancelled while the handler ran, and its thread interrupted. */
    boolean cancelled() {
      return cancelled;
    }

    /** Interrupts the handler, unless it has returned or was abandoned already. */
    private synchronized void cancel() {
      int s = state.get();
      if (s == RUNNING || s == WRITING || s == WRITTEN) {
        cancelled = true;
        thread.interrupt();
      }
    }

    private boolean beginWrite() {
      return state.compareAndSet(RUNNING, WRITING);
    }

    private synchronized void endWrite(boolean written) {
      if (!written) {
        visibleAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      }
      state.set(written ? WRITTEN : RUNNING);
      notifyAll();
    }

    /** The handler has returned: waits out a write under way, then reports whether one was made. */
    private synchronized boolean finish() {
      while (true) {
        if (state.compareAndSet(RUNNING, FINISHED)) {
          return false;
        }
        if (state.compareAndSet(WRITTEN, FINISHED)) {
          return true;
        }
        if (state.get() == ABANDONED) {
          return false;
        }
        try {
          wait(TICK_MS);
        } catch (InterruptedException e) {
          // The timeout's interrupt meant for the handler, arriving late: the state decides.
        }
      }
    }

    /**
     * Clears the interrupt of a timeout or a cancel from the attempt's thread once it has seen it.
     */
    synchronized void clearInterrupt() {
      Thread.interrupted();
    }

    private synchronized boolean abandon() {
      if (state.compareAndSet(RUNNING, ABANDONED) || state.compareAndSet(WRITTEN, ABANDONED)) {
        thread.interrupt();
        return true;
      }
      return false;
    }
  }
}
