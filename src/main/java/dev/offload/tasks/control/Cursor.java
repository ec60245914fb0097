package dev.offload.tasks.control;

import dev.offload.tasks.entity.Task;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in the newest-first task list: the last task's creation time and id, opaque to
 * clients.
 */
public record Cursor(Instant createdAt, String id) {

  public static Cursor after(Task task) {
    return new Cursor(task.getCreatedAt(), task.getId());
  }

  /** Decodes a cursor a client sent back; empty when it is not one of ours. */
  public static Optional<Cursor> decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = plain.indexOf(':');
      if (colon < 1 || colon == plain.length() - 1) {
        return Optional.empty();
      }
      return Optional.of(
          new Cursor(
              Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
              plain.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String encode() {
    String plain = createdAt.toEpochMilli() + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }
}
