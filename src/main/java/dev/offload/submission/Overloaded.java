package dev.offload.submission;

import dev.offload.tasks.entity.Refusal;

/** The task queue's backlog is at or over its limit, so a new task was not written. */
public class Overloaded extends Refusal {

  public Overloaded(long backlog, long limit) {
    super(
        "the task queue holds "
            + backlog
            + " tasks, at or over its limit of "
            + limit
            + "; nothing was written, try again later");
  }
}
