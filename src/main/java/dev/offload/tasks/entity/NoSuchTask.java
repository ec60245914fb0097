package dev.offload.tasks.entity;

/** A task was asked for by an id no stored task has (never issued, or purged since). */
public class NoSuchTask extends Refusal {

  public NoSuchTask(String taskId) {
    super("no task with id " + taskId);
  }
}
