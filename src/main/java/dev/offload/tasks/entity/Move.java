package dev.offload.tasks.entity;

import static dev.offload.tasks.entity.TaskStatus.CANCELLED;
import static dev.offload.tasks.entity.TaskStatus.COMPLETED;
import static dev.offload.tasks.entity.TaskStatus.DISCARDED;
import static dev.offload.tasks.entity.TaskStatus.FAILED;
import static dev.offload.tasks.entity.TaskStatus.PROCESSING;
import static dev.offload.tasks.entity.TaskStatus.QUEUED;
import static dev.offload.tasks.entity.TaskStatus.RETRYING;
import static dev.offload.tasks.entity.TaskStatus.SCHEDULED;

import java.util.EnumSet;
import java.util.Set;

/**
 * A task's state machine, whole: each move, the statuses it may start from and the one it leads to.
 * {@link Task}'s transition methods make these moves and nothing else.
 */
enum Move {
  // A task found PROCESSING lost its worker mid-attempt: the next attempt starts over it.
  START_ATTEMPT("start attempt", PROCESSING, QUEUED, SCHEDULED, RETRYING, PROCESSING),
  COMPLETE("complete", COMPLETED, PROCESSING),
  FAIL_ATTEMPT("fail an attempt", RETRYING, PROCESSING),
  DEAD_LETTER("be dead-lettered", FAILED, QUEUED, SCHEDULED, PROCESSING, RETRYING),
  RETRY("be retried", QUEUED, FAILED),
  // A running attempt is stopped by its worker when it hears of the cancel.
  CANCEL("be cancelled", CANCELLED, QUEUED, SCHEDULED, RETRYING, PROCESSING),
  DISCARD("be discarded", DISCARDED, FAILED);

  private final String name;
  private final TaskStatus to;
  private final Set<TaskStatus> from;

  Move(String name, TaskStatus to, TaskStatus first, TaskStatus... rest) {
    this.name = name;
    this.to = to;
    this.from = EnumSet.of(first, rest);
  }

  /** The status the move leads to, if {@code taskId} may make it from {@code status}. */
  TaskStatus next(String taskId, TaskStatus status) {
    if (!from.contains(status)) {
      throw new IllegalTransitionException(taskId, status, name);
    }
    return to;
  }
}
