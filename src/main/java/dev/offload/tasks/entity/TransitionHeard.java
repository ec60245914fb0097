package dev.offload.tasks.entity;

/**
 * A committed transition as every server hears it on the events topic, whichever server made it:
 * how a worker learns that a task it is running was cancelled through another server.
 */
public record TransitionHeard(Transition transition) {}
