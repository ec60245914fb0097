package dev.offload.submission;

import dev.offload.tasks.entity.Refusal;

/** An idempotency key came back with a request other than the one it was first used for. */
public class KeyReused extends Refusal {

  public KeyReused(String earlierTaskId) {
    super(
        IdempotencyKey.HEADER
            + " was already used for a different request (task "
            + earlierTaskId
            + ")");
  }
}
