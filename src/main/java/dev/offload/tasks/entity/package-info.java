/**
 * The task and its state machine, the only place a task's status changes; every transition written
 * is fired as a {@link dev.offload.tasks.entity.Transition} event once its transaction commits.
 */
package dev.offload.tasks.entity;
