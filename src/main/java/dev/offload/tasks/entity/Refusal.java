package dev.offload.tasks.entity;

/**
 * A request the domain refuses, with a detail that tells the client why; the boundary alone decides
 * what it becomes in HTTP. A refusal is an answer, not a fault, so it fills no stack trace.
 */
public abstract class Refusal extends RuntimeException {

  protected Refusal(String detail) {
    super(detail, null, false, false);
  }
}
