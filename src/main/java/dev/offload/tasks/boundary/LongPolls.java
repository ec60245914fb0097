package dev.offload.tasks.boundary;

import dev.offload.accounts.Visibility;
import dev.offload.live.LiveHub;
import dev.offload.platform.Problem;
import dev.offload.tasks.boundary.QueryParameters.Statuses;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code GET /api/tasks/{id}?waitFor=…&timeout=…} as soon as the task reaches one of the
 * statuses, or with its status at the deadline, without holding a request thread in between.
 */
@ApplicationScoped
public class LongPolls {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  @Resource ManagedExecutorService executor;
  @Inject LiveHub hub;
  @Inject TaskQueries queries;

  void answer(
      String id,
      Visibility visibility,
      Statuses waitFor,
      Duration timeout,
      AsyncResponse response) {
    Set<TaskStatus> statuses = waitFor == null ? Set.of() : waitFor.set();
    Duration wait = timeout(timeout);
    // Checked once: a task's owner never changes.
    Task task = queries.get(id, visibility);
    if (statuses.isEmpty() || statuses.contains(task.getStatus())) {
      response.resume(TaskView.of(task));
      return;
    }
    // The task is read again on a thread of the server's own, not on the thread that delivers
    // transitions to every client of this server.
    Runnable cancel =
        hub.await(id, statuses, arrived -> executor.execute(() -> resumeWithView(id, response)));
    response.setTimeoutHandler(
        timedOut -> {
          cancel.run();
          timedOut.resume(view(id));
        });
    response.setTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
    // Read again now the waiter is in place: a transition committed in between is not missed.
    TaskView now = view(id);
    if (statuses.contains(now.status())) {
      cancel.run();
      response.resume(now);
    }
  }

  private void resumeWithView(String id, AsyncResponse response) {
    try {
      response.resume(view(id));
    } catch (RuntimeException e) {
      response.resume(e);
    }
  }

  private TaskView view(String id) {
    return TaskView.of(queries.get(id));
  }

  static Duration timeout(Duration timeout) {
    if (timeout == null) {
      return DEFAULT_TIMEOUT;
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw Problem.badRequest("timeout must be more than zero and at most " + MAX_TIMEOUT);
    }
    return timeout;
  }
}
