package dev.offload.handlers;

/**
 * Thrown by a handler when trying again cannot help (the input is wrong, the other side said no for
 * good): the attempt fails and the task goes straight to {@code FAILED} and the dead-letter queue,
 * whatever attempts it has left. Like any failure, its message becomes the task's {@code
 * lastError}.
 */
public class PermanentFailure extends RuntimeException {

  public PermanentFailure(String message) {
    super(message, null, false, false);
  }

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
