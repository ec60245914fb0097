package dev.offload.processing;

import java.time.Duration;

/** An attempt ran past its task's timeout and was abandoned; it counts as a failed attempt. */
public class AttemptTimedOut extends RuntimeException {

  public AttemptTimedOut(Duration timeout) {
    super("attempt timed out after " + timeout, null, false, false);
  }
}
