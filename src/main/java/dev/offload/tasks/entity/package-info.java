/**
 * The task and its state machine, the only place a task's status changes; every transition written
 * is fired as a {@link dev.offload.tasks.entity.Transition} event once its transaction commits, and
 * every server hears every server's as a {@link dev.offload.tasks.entity.TransitionHeard}.
 */
package dev.offload.tasks.entity;
