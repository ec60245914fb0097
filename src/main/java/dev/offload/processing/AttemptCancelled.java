package dev.offload.processing;

/** An attempt stopped because its task was cancelled while it ran; nothing of it commits. */
class AttemptCancelled extends RuntimeException {

  AttemptCancelled() {
    super("attempt stopped: its task was cancelled", null, false, false);
  }
}
