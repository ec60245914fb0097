package dev.offload.handlers.http;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An {@code http} task's payload, checked: the request to send and the answers that count as
 * success. Parsed when the task is submitted (to refuse bad input with 400) and again by the worker
 * that runs it.
 */
record HttpCall(
    String method,
    URI url,
    Map<String, String> headers,
    JsonValue body,
    Duration timeout,
    Set<Integer> expectStatus) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final long MAX_TIMEOUT_MS = 600_000;

  private static final Set<String> MEMBERS =
      Set.of("method", "url", "headers", "body", "timeoutMs", "expectStatus");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  /** Set by Offload on every call, or by the HTTP client itself. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "idempotency-key",
          "offload-attempt",
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade");

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Reads a payload; throws {@link IllegalArgumentException} saying what is wrong with it. */
  static HttpCall parse(JsonObject payload, AllowedHosts allowed) {
    for (String member : payload.keySet()) {
      if (!MEMBERS.contains(member)) {
        throw new IllegalArgumentException(
            "unknown member '" + member + "'; an http payload has " + new TreeSet<>(MEMBERS));
      }
    }
    String method = method(payload);
    URI url = url(payload, allowed);
    JsonValue body = payload.get("body");
    if (body != null && body.getValueType() == JsonValue.ValueType.NULL) {
      body = null;
    }
    if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
      throw new IllegalArgumentException("a " + method + " request has no \"body\"");
    }
    return new HttpCall(
        method, url, headers(payload), body, timeout(payload), expectStatus(payload));
  }

  /** Whether {@code status} is a success: one of {@code expectStatus}, or any 2xx by default. */
  boolean expects(int status) {
    return expectStatus.isEmpty() ? status / 100 == 2 : expectStatus.contains(status);
  }

  /**
   * The request of one attempt. {@code Idempotency-Key} is the task's id, the same on every
   * attempt, so a receiver can apply a call that was retried (its answer lost) only once.
   */
  HttpRequest request(String taskId, int attempt) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout);
    headers.forEach(request::header);
    request.header("Idempotency-Key", taskId).header("Offload-Attempt", String.valueOf(attempt));
    if (body == null) {
      return request.method(method, BodyPublishers.noBody()).build();
    }
    boolean text = body instanceof JsonString;
    if (headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      request.header(
          "Content-Type", text ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
    }
    String content = text ? ((JsonString) body).getString() : body.toString();
    return request.method(method, BodyPublishers.ofString(content, StandardCharsets.UTF_8)).build();
  }

  /** How log lines and errors name the call. */
  String describe() {
    return method + " " + url;
  }

  private static String method(JsonObject payload) {
    JsonValue value = payload.get("method");
    if (value == null) {
      return "POST";
    }
    String method = value instanceof JsonString s ? s.getString().toUpperCase(Locale.ROOT) : "";
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("\"method\" must be one of " + new TreeSet<>(METHODS));
    }
    return method;
  }

  private static URI url(JsonObject payload, AllowedHosts allowed) {
    if (!(payload.get("url") instanceof JsonString text)) {
      throw new IllegalArgumentException("\"url\" is required: the http or https URL to call");
    }
    URI url;
    try {
      url = new URI(text.getString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"url\" is not a URL: " + e.getMessage());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("\"url\" must be an absolute http or https URL");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "\"url\" must not carry credentials; send them in \"headers\" (e.g. Authorization)");
    }
    if (!allowed.allows(url.getHost())) {
      throw new IllegalArgumentException(
          "host '"
              + url.getHost()
              + "' is not allowed for http tasks on this server"
              + " (offload.http-task.allowed-hosts)");
    }
    return url;
  }

  private static Map<String, String> headers(JsonObject payload) {
    JsonValue value = payload.get("headers");
    Map<String, String> headers = new LinkedHashMap<>();
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return headers;
    }
    if (!(value instanceof JsonObject object)) {
      throw new IllegalArgumentException("\"headers\" must be an object of names and strings");
    }
    for (Map.Entry<String, JsonValue> header : object.entrySet()) {
      String name = header.getKey();
      if (!TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException("header name '" + name + "' is not a valid name");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header '" + name + "' is set by Offload, not the task");
      }
      if (!(header.getValue() instanceof JsonString text) || !isFieldValue(text.getString())) {
        throw new IllegalArgumentException(
            "header '"
                + name
                + "' must be a string of visible characters, spaces and tabs (Latin-1)");
      }
      headers.put(name, text.getString());
    }
    return headers;
  }

  private static Duration timeout(JsonObject payload) {
    JsonValue value = payload.get("timeoutMs");
    if (value == null) {
      return DEFAULT_TIMEOUT;
    }
    return Duration.ofMillis(
        whole(
            value,
            1,
            MAX_TIMEOUT_MS,
            "\"timeoutMs\" must be a whole number from 1 to " + MAX_TIMEOUT_MS));
  }

  private static Set<Integer> expectStatus(JsonObject payload) {
    JsonValue value = payload.get("expectStatus");
    Set<Integer> statuses = new TreeSet<>();
    if (value == null) {
      return statuses;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException(
          "\"expectStatus\" must be a non-empty array of HTTP statuses");
    }
    for (JsonValue item : array) {
      statuses.add(
          (int) whole(item, 100, 599, "\"expectStatus\" must hold HTTP statuses from 100 to 599"));
    }
    return statuses;
  }

  /** A whole number from {@code min} to {@code max}, compared exactly however large it is. */
  private static long whole(JsonValue value, long min, long max, String otherwise) {
    if (!(value instanceof JsonNumber number)
        || !number.isIntegral()
        || number.bigDecimalValue().compareTo(BigDecimal.valueOf(min)) < 0
        || number.bigDecimalValue().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(otherwise);
    }
    return number.longValue();
  }

  /** What HTTP allows in a field value, and the JDK's client sends: no controls, nothing past ÿ. */
  private static boolean isFieldValue(String value) {
    return value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF);
  }
}
