package dev.offload.processing;

import java.time.Duration;

/** What the ledger decided for one delivery of a task message. */
public record Attempt(
    Kind kind,
    String taskId,
    String type,
    int number,
    int maxAttempts,
    boolean last,
    Duration timeout,
    String payload) {

  /** The decision. */
  public enum Kind {
    /** Run the handler: attempt {@code number} has started. */
    RUN,
    /** The task is already final (a redelivery after completion): acknowledge, run nothing. */
    DONE,
    /** The attempt budget is spent (attempts died with their worker): dead-letter it. */
    EXHAUSTED,
    /** No such task (yet): the row of a just-committed submission may not be visible. */
    UNKNOWN
  }

  static Attempt of(Kind kind, String taskId) {
    return new Attempt(kind, taskId, null, 0, 0, false, null, null);
  }
}
