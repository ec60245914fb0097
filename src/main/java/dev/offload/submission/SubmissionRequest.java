package dev.offload.submission;

import dev.offload.handlers.TaskHandlers;
import dev.offload.platform.JsonBodies;
import dev.offload.platform.Problem;
import dev.offload.platform.Sha256;
import dev.offload.tasks.entity.Task;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A validated submission: {@code {"type": "...", "payload": {...}, "maxAttempts": n, "priority":
 * 0..9, "delay": "PT5M" | "runAt": "2030-01-01T00:00:00Z"}}. Parsing refuses, with a {@link
 * Problem} that says what is wrong, anything Offload would not run.
 *
 * <p>Read with JSON-P rather than bound with JSON-B: Liberty's JSON-B (Yasson 3) binds {@code
 * "maxAttempts": 1.5} as 1, {@code "3"} as 3 and {@code "priority": 4294967300} as 4, and a value
 * of the wrong type for {@code payload} or {@code delay} fails with "Internal error" naming no
 * member, so Bean Validation would come too late to refuse them clearly.
 */
public record SubmissionRequest(
    String type,
    JsonObject payload,
    int maxAttempts,
    int priority,
    Duration delay,
    Instant runAt,
    Duration timeout) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The broker's max-delivery-attempts (broker.xml) is the ceiling of every task's budget. */
  public static final int MAX_ATTEMPTS_LIMIT = 10;

  /** The furthest ahead a task may be scheduled. */
  public static final Duration MAX_DELAY = Duration.ofDays(365);

  private static final Set<String> MEMBERS =
      Set.of("type", "payload", "maxAttempts", "priority", "delay", "runAt", "timeout");

  /** The shortest timeout an attempt may be given (the longest is {@link Task#MAX_TIMEOUT}). */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

  /** When the task is due, seen from {@code now}: null for as soon as possible. */
  public Instant dueAt(Instant now) {
    return runAt != null ? runAt : delay != null ? now.plus(delay) : null;
  }

  /** Parses and validates a request body against the task types this server knows. */
  public static SubmissionRequest parse(String body, JsonBodies bodies, TaskHandlers handlers) {
    Set<String> knownTypes = handlers.types();
    JsonObject json = object(body, bodies);
    for (String member : json.keySet()) {
      if (!MEMBERS.contains(member)) {
        throw Problem.badRequest(
            "unknown member '"
                + member
                + "'; a task has "
                + String.join(", ", MEMBERS.stream().sorted().toList()));
      }
    }
    String type = type(json, knownTypes);
    JsonObject payload = payload(json);
    try {
      handlers.forType(type).orElseThrow().validate(payload);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("invalid payload for type '" + type + "': " + e.getMessage());
    }
    if (json.containsKey("delay") && json.containsKey("runAt")) {
      throw Problem.badRequest("give either \"delay\" or \"runAt\", not both");
    }
    return new SubmissionRequest(
        type,
        payload,
        maxAttempts(json),
        priority(json),
        duration(json, "delay", Duration.ZERO, MAX_DELAY),
        runAt(json),
        duration(json, "timeout", MIN_TIMEOUT, Task.MAX_TIMEOUT));
  }

  /**
   * A digest of what this request asks for, independent of member order and whitespace: two
   * submissions under one idempotency key are the same request when their hashes are equal.
   */
  public String requestHash() {
    String canonical =
        type
            + "\n"
            + maxAttempts
            + "\n"
            + priority
            + "\n"
            + delay
            + "\n"
            + runAt
            + "\n"
            + timeout
            + "\n"
            + canonical(payload);
    return Sha256.hex(canonical);
  }

  private static String canonical(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT ->
          value.asJsonObject().entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> Json.createValue(e.getKey()) + ":" + canonical(e.getValue()))
              .collect(Collectors.joining(",", "{", "}"));
      case ARRAY ->
          value.asJsonArray().stream()
              .map(SubmissionRequest::canonical)
              .collect(Collectors.joining(",", "[", "]"));
      default -> value.toString();
    };
  }

  private static JsonObject object(String body, JsonBodies bodies) {
    if (body == null || body.isBlank()) {
      throw Problem.badRequest(
          "the request body is empty; send a JSON object with at least \"type\"");
    }
    JsonValue value;
    try {
      value = bodies.read(body);
    } catch (JsonParsingException e) {
      throw Problem.badRequest(
          "malformed JSON at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ": "
              + e.getMessage());
    } catch (JsonException e) {
      throw Problem.badRequest("malformed JSON: " + e.getMessage());
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Problem.badRequest("the request body must be a JSON object, not " + kind(value));
    }
    return value.asJsonObject();
  }

  private static String type(JsonObject json, Set<String> knownTypes) {
    JsonValue type = json.get("type");
    if (type == null || type.getValueType() == JsonValue.ValueType.NULL) {
      throw unknownType("\"type\" is required", knownTypes);
    }
    if (type.getValueType() != JsonValue.ValueType.STRING) {
      throw unknownType("\"type\" must be a string, not " + kind(type), knownTypes);
    }
    String name = json.getString("type");
    if (!knownTypes.contains(name)) {
      throw unknownType(
          "unknown task type '" + name + "'; known types: " + String.join(", ", knownTypes),
          knownTypes);
    }
    return name;
  }

  private static Problem unknownType(String detail, Set<String> knownTypes) {
    JsonArrayBuilder types = Json.createArrayBuilder();
    knownTypes.forEach(types::add);
    return Problem.badRequest(detail).with("knownTypes", types.build());
  }

  private static JsonObject payload(JsonObject json) {
    JsonValue payload = json.get("payload");
    if (payload == null || payload.getValueType() == JsonValue.ValueType.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (payload.getValueType() != JsonValue.ValueType.OBJECT) {
      throw Problem.badRequest("\"payload\" must be a JSON object, not " + kind(payload));
    }
    return payload.asJsonObject();
  }

  private static int maxAttempts(JsonObject json) {
    JsonValue value = json.get("maxAttempts");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return DEFAULT_MAX_ATTEMPTS;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
      throw Problem.badRequest(
          "\"maxAttempts\" must be an integer from 1 to " + MAX_ATTEMPTS_LIMIT);
    }
    JsonNumber number = (JsonNumber) value;
    long attempts = number.bigDecimalValue().longValue();
    if (number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(attempts)) != 0
        || attempts < 1
        || attempts > MAX_ATTEMPTS_LIMIT) {
      throw Problem.badRequest(
          "\"maxAttempts\" must be from 1 to " + MAX_ATTEMPTS_LIMIT + ", was " + number);
    }
    return (int) attempts;
  }

  private static int priority(JsonObject json) {
    JsonValue value = json.get("priority");
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return Task.DEFAULT_PRIORITY;
    }
    // Compared as written: 4294967300 must not wrap around to 4 on its way to an int.
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.ZERO) < 0
        || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(9)) > 0) {
      throw Problem.badRequest(
          "\"priority\" must be an integer from 0 (lowest) to 9 (highest), was " + value);
    }
    return number.intValue();
  }

  /** An optional ISO-8601 duration member within [min, max]. */
  private static Duration duration(JsonObject json, String name, Duration min, Duration max) {
    Duration duration =
        parsed(json, name, "an ISO-8601 duration such as \"PT30S\"", Duration::parse);
    if (duration != null && (duration.compareTo(min) < 0 || duration.compareTo(max) > 0)) {
      throw Problem.badRequest(
          "\"" + name + "\" must be from " + min + " to " + max + ", was " + json.getString(name));
    }
    return duration;
  }

  private static Instant runAt(JsonObject json) {
    // An instant already past is due now: clocks differ a little between client and server.
    Instant runAt =
        parsed(
            json, "runAt", "an ISO-8601 instant such as \"2030-01-01T09:00:00Z\"", Instant::parse);
    if (runAt != null && runAt.isAfter(Instant.now().plus(MAX_DELAY))) {
      throw Problem.badRequest(
          "\"runAt\" may be at most "
              + MAX_DELAY.toDays()
              + " days ahead, was "
              + json.getString("runAt"));
    }
    return runAt;
  }

  /** An optional string member read by {@code parse}, which throws what {@code expected} says. */
  private static <T> T parsed(
      JsonObject json, String name, String expected, Function<String, T> parse) {
    String text = string(json, name, expected);
    if (text == null) {
      return null;
    }
    try {
      return parse.apply(text);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("\"" + name + "\" must be " + expected + ", was \"" + text + "\"");
    }
  }

  private static String string(JsonObject json, String name, String expected) {
    JsonValue value = json.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw Problem.badRequest("\"" + name + "\" must be " + expected + ", not " + kind(value));
    }
    return json.getString(name);
  }

  private static String kind(JsonValue value) {
    return switch (value.getValueType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case TRUE, FALSE -> "a boolean";
      case NULL -> "null";
    };
  }
}
