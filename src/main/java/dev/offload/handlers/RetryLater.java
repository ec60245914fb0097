package dev.offload.handlers;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler when the other side asked it to come back later (an HTTP {@code Retry-After},
 * a quota that refills): the attempt fails as usual, and the next one waits at least {@link
 * #notBefore()} (up to {@code offload.retry.max-delay}) instead of the usual delay when that is
 * longer.
 */
public class RetryLater extends RuntimeException {

  private final Duration notBefore;

  public RetryLater(Duration notBefore, String message) {
    super(message, null, false, false);
    this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
  }

  /** The least time to wait before the next attempt. */
  public Duration notBefore() {
    return notBefore;
  }
}
