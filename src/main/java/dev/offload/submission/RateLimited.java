package dev.offload.submission;

import dev.offload.tasks.entity.Refusal;

/** An account submitted faster than its rate limit allows, so its task was not written. */
public class RateLimited extends Refusal {

  private final long retryAfterSeconds;

  public RateLimited(String account, long rate, long retryAfterSeconds) {
    super(
        "account '"
            + account
            + "' may submit at most "
            + rate
            + " tasks per second; nothing was written, try again in "
            + retryAfterSeconds
            + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** When the account may submit again, in whole seconds. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
