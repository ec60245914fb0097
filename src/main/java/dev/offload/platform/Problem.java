package dev.offload.platform;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error a client can act on, answered as RFC 9457 {@code application/problem+json}. Thrown by
 * resources and by the parsers of request bodies and headers; control code throws a {@code Refusal}
 * instead, which a mapper beside the resources turns into a problem. {@link ProblemMapper} writes
 * it.
 */
public class Problem extends RuntimeException {

  public static final String MEDIA_TYPE = "application/problem+json";

  private final int status;
  private final String title;
  private final Map<String, JsonValue> extensions = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public Problem(Response.StatusType status, String detail) {
    this(status.getStatusCode(), status.getReasonPhrase(), detail);
  }

  public Problem(int status, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
  }

  public static Problem badRequest(String detail) {
    return new Problem(Response.Status.BAD_REQUEST, detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(Response.Status.NOT_FOUND, detail);
  }

  public static Problem unavailable(String detail) {
    return new Problem(Response.Status.SERVICE_UNAVAILABLE, detail);
  }

  /** Adds a member beside the standard ones, e.g. the list of known task types. */
  public Problem with(String name, JsonValue value) {
    extensions.put(name, value);
    return this;
  }

  /** A short machine-readable cause beside the human one, e.g. {@code backpressure}. */
  public Problem reason(String reason) {
    return with("reason", Json.createValue(reason));
  }

  public Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  /** The response for a request; its path becomes the problem's {@code instance}. */
  public Response toResponse(UriInfo request) {
    return toResponse(request == null ? null : request.getRequestUri().getPath());
  }

  public Response toResponse(String instance) {
    Response.ResponseBuilder response =
        Response.status(status).type(MEDIA_TYPE).entity(toJson(instance).toString());
    headers.forEach(response::header);
    return response.build();
  }

  /** Answers a servlet request with this problem, for filters and sign-in outside JAX-RS. */
  public void write(HttpServletResponse response, String instance) throws IOException {
    response.setStatus(status);
    headers.forEach(response::setHeader);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(toJson(instance).toString());
  }

  /** The problem's body; {@code instance} is the request's path, or null. */
  public JsonObject toJson(String instance) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", getMessage());
    if (instance != null) {
      body.add("instance", instance);
    }
    extensions.forEach(body::add);
    return body.build();
  }
}
