package dev.offload.tasks.entity;

/** A task was asked to move to a state its current state does not lead to. */
public class IllegalTransitionException extends Refusal {

  public IllegalTransitionException(String taskId, TaskStatus from, String transition) {
    super("task " + taskId + " cannot " + transition + " while " + from);
  }
}
