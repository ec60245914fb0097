package dev.offload.processing;

import dev.offload.tasks.entity.Transition;
import java.time.Instant;

/**
 * An attempt has begun: fired at once, since its start is written only later (with its outcome, or
 * by the watchdog), and of a type of its own so that it does not also reach the observers of
 * committed {@link Transition}s.
 *
 * @param due when the task was due (its run-at time, or when it was accepted)
 */
public record AttemptStarted(Transition transition, Instant due) {}
