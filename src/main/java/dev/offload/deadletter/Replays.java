package dev.offload.deadletter;

import dev.offload.accounts.Visibility;
import dev.offload.tasks.control.OperatorNote;
import dev.offload.tasks.control.TaskQueries;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.Task;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Retries many dead letters: one transaction per task, so one that cannot be retried (changed
 * meanwhile) does not undo the others.
 */
@ApplicationScoped
public class Replays {

  /** At most this many tasks per request; a client repeats the request for more. */
  public static final int MAX_BATCH = 500;

  @Inject TaskQueries queries;
  @Inject DeadLetters deadLetters;

  /**
   * Retries up to {@link #MAX_BATCH} failed tasks (of one type, and failed since an instant, where
   * given); returns how many.
   */
  public int retryAll(String type, Instant failedSince, OperatorNote note) {
    int retried = 0;
    for (Task task :
        queries.list(
            Visibility.EVERY_TASK, TaskStatus.FAILED, type, failedSince, null, MAX_BATCH)) {
      try {
        deadLetters.retry(task.getId(), note);
        retried++;
      } catch (IllegalTransitionException changedMeanwhile) {
        // another operator or request got there first; nothing to do for this one
      }
    }
    return retried;
  }
}
