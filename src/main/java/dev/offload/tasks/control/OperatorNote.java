package dev.offload.tasks.control;

import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.security.Principal;

/**
 * Who asks for an operation on a task (retry, discard, cancel), and why: the signed-in account, and
 * the body's optional {@code {"reason": "..."}}. It goes into the task's history.
 */
public record OperatorNote(String by, String reason) {

  static final int MAX_REASON = 300;

  /** {@code by} is the account that asks, never what its body claims. */
  public static OperatorNote parse(String body, JsonBodies bodies, Principal caller) {
    String by = caller.getName();
    if (body == null || body.isBlank()) {
      return new OperatorNote(by, null);
    }
    JsonObject json;
    try {
      JsonValue value = bodies.read(body);
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw Problem.badRequest(
            "the body must be a JSON object like {\"by\": \"...\", \"reason\": \"...\"}");
      }
      json = value.asJsonObject();
    } catch (JsonParsingException e) {
      throw Problem.badRequest("malformed JSON: " + e.getMessage());
    }
    if (json.containsKey("by")) {
      throw Problem.badRequest(
          "\"by\" is the account you signed in with; send only {\"reason\": \"...\"}");
    }
    return new OperatorNote(by, text(json, "reason", MAX_REASON));
  }

  private static String text(JsonObject json, String name, int max) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING
        || json.getString(name).isBlank()
        || json.getString(name).length() > max) {
      throw Problem.badRequest(
          "\"" + name + "\" must be a non-empty string of at most " + max + " characters");
    }
    return json.getString(name);
  }
}
