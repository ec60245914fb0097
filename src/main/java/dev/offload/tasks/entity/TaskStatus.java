package dev.offload.tasks.entity;

/**
 * Where a task is in its life. {@link #COMPLETED}, {@link #FAILED}, {@link #DISCARDED} and {@link
 * #CANCELLED} are final; only an operator's retry takes a {@code FAILED} task back to {@link
 * #QUEUED}.
 */
public enum TaskStatus {
  /** Accepted: stored and on the queue, no attempt started yet. */
  QUEUED,
  /** Accepted for later: the broker holds its message until {@code runAt}. */
  SCHEDULED,
  /** An attempt is running on a worker. */
  PROCESSING,
  /** An attempt failed; the broker will redeliver it after its delay (or dead-letter it). */
  RETRYING,
  /** The handler succeeded; its result is stored. */
  COMPLETED,
  /** Dead-lettered after its last attempt; the message waits in the dead-letter queue. */
  FAILED,
  /** A failed task an operator discarded: its dead letter is gone, nothing will run. */
  DISCARDED,
  /** Cancelled before it ran (or between attempts): its message is consumed without running. */
  CANCELLED;

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == DISCARDED || this == CANCELLED;
  }
}
