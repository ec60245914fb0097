package dev.offload.submission;

/** An idempotency key came back with a request other than the one it was first used for. */
public class KeyReused extends RuntimeException {

  public KeyReused(String earlierTaskId) {
    super(
        IdempotencyKey.HEADER
            + " was already used for a different request (task "
            + earlierTaskId
            + ")",
        null,
        false,
        false);
  }
}
