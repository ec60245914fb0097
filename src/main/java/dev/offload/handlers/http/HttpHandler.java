package dev.offload.handlers.http;

import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.RetryLater;
import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code http}: calls an HTTP endpoint reliably. A connection error, a timeout, a 5xx or a 429
 * fails the attempt, to be retried (not sooner than a {@code Retry-After} asks); any other status
 * outside {@code expectStatus} fails the task for good. Redirects are not followed: the allowlist
 * applies to every host called.
 */
@ApplicationScoped
public class HttpHandler implements TaskHandler {

  /** The response headers a result keeps. */
  private static final List<String> KEPT_HEADERS =
      List.of("content-type", "location", "etag", "last-modified");

  private static final int ERROR_BODY_CHARS = 200;

  /** None by default: which services tasks may call is the operator's choice, not Offload's. */
  @Inject
  @ConfigProperty(name = "offload.http-task.allowed-hosts")
  Optional<String> allowedHosts;

  /** The most bytes of a response body a task's result keeps; the rest is not read. */
  @Inject
  @ConfigProperty(name = "offload.http-task.max-result-bytes", defaultValue = "65536")
  int maxResultBytes;

  @Inject
  @ConfigProperty(name = "offload.http-task.connect-timeout", defaultValue = "PT10S")
  Duration connectTimeout;

  /** The client's own background work runs on a container-managed thread. */
  @Resource ManagedExecutorService executor;

  private AllowedHosts allowed;
  private HttpClient client;

  @PostConstruct
  void start() {
    allowed = new AllowedHosts(allowedHosts.orElse(""));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
    if (executor != null) {
      builder.executor(executor);
    }
    client = builder.build();
  }

  @Override
  public String type() {
    return "http";
  }

  @Override
  public void validate(JsonObject payload) {
    HttpCall.parse(payload, allowed);
  }

  @Override
  public JsonValue handle(TaskContext task) throws IOException, InterruptedException {
    HttpCall call;
    HttpRequest request;
    try {
      call = HttpCall.parse(task.payload(), allowed);
      request = call.request(task.taskId(), task.attempt());
    } catch (IllegalArgumentException e) {
      // Accepted by a server configured otherwise (its allowlist, say): no attempt can succeed.
      throw new PermanentFailure("refused by this worker: " + e.getMessage());
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException(call.describe() + ": no answer within " + call.timeout(), e);
    } catch (ConnectException e) {
      throw new IOException(call.describe() + ": cannot connect (" + e + ")", e);
    }
    Body body = Body.read(response, maxResultBytes);
    int status = response.statusCode();
    if (call.expects(status)) {
      return result(response, body);
    }
    String failure = call.describe() + " answered " + status + body.excerpt();
    if (status >= 500 || status == 429) {
      Optional<Duration> retryAfter =
          response.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, Instant.now()));
      if (retryAfter.isPresent()) {
        throw new RetryLater(retryAfter.get(), failure + " (Retry-After " + retryAfter.get() + ")");
      }
      throw new IOException(failure);
    }
    throw new PermanentFailure(failure + "; not an expected status, not retried");
  }

  private static JsonValue result(HttpResponse<?> response, Body body) {
    JsonObjectBuilder headers = Json.createObjectBuilder();
    for (String name : KEPT_HEADERS) {
      response.headers().firstValue(name).ifPresent(value -> headers.add(name, value));
    }
    JsonObjectBuilder result =
        Json.createObjectBuilder()
            .add("status", response.statusCode())
            .add("headers", headers)
            .add("body", body.value(response.headers().firstValue("content-type").orElse("")));
    if (body.truncated()) {
      result.add("bodyTruncated", true);
    }
    return result.build();
  }

  /**
   * A {@code Retry-After} value, in seconds or as an HTTP date, as a wait from {@code now}; empty
   * when it is neither.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The first bytes of a response body, read up to a limit. */
  record Body(String text, boolean truncated) {

    static Body read(HttpResponse<InputStream> response, int limit) throws IOException {
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(limit + 1);
        boolean truncated = bytes.length > limit;
        int length = truncated ? limit : bytes.length;
        return new Body(new String(bytes, 0, length, StandardCharsets.UTF_8), truncated);
      }
    }

    /** The body as JSON when it says it is and is whole, else as a string; null when empty. */
    JsonValue value(String contentType) {
      if (text.isEmpty()) {
        return JsonValue.NULL;
      }
      if (!truncated && contentType.toLowerCase(Locale.ROOT).contains("json")) {
        try (var reader = Json.createReader(new StringReader(text))) {
          return reader.readValue();
        } catch (JsonException notJson) {
          // Said JSON, is not: kept as it came.
        }
      }
      return Json.createValue(text);
    }

    /** A short excerpt for an error message. */
    String excerpt() {
      String flat = text.replaceAll("\\s+", " ").trim();
      if (flat.isEmpty()) {
        return "";
      }
      return ": "
          + (flat.length() > ERROR_BODY_CHARS ? flat.substring(0, ERROR_BODY_CHARS) + "…" : flat);
    }
  }
}
