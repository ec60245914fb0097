package dev.offload.tasks.entity;

/**
 * What live clients hear about a task: its {@link Transition}s and its {@link Progress}. Each names
 * its task, type and owner, which decide who may hear it.
 */
public sealed interface LiveEvent permits Transition, Progress {

  String taskId();

  String type();

  String owner();
}
