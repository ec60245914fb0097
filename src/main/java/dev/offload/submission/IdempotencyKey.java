package dev.offload.submission;

import dev.offload.platform.Problem;
import java.util.Optional;

/**
 * A client's {@code Idempotency-Key}, scoped to the submitter: two submitters may use the same key
 * without meeting. {@link #value()} is what the task row stores.
 */
public record IdempotencyKey(String value) {

  public static final String HEADER = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  /** The key of a request, if it sent one; a malformed key is a 400. */
  public static Optional<IdempotencyKey> of(String header, String submitter) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.isEmpty()
        || header.length() > MAX_LENGTH
        || !header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw Problem.badRequest(
          HEADER + " must be 1 to " + MAX_LENGTH + " visible ASCII characters (no spaces)");
    }
    return Optional.of(new IdempotencyKey(submitter + ":" + header));
  }
}
