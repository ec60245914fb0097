package dev.offload.tasks.boundary;

import dev.offload.platform.Problem;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Binds the query parameters, so resources take typed values and one rule reads them all: an empty
 * value is no value (but for {@code limit}, which always has one), a malformed one is a 400 naming
 * the parameter.
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

  /** {@code limit}: how many tasks a page of a list holds. */
  @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + Limit.MAX)
  public record Limit(int value) {
    public static final int MAX = 500;

    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }

  /** {@code waitFor}: a comma-separated set of statuses. */
  @Schema(type = SchemaType.STRING, example = "COMPLETED,FAILED")
  public record Statuses(Set<TaskStatus> set) {
    @Override
    public String toString() {
      return set.stream().map(Enum::name).collect(Collectors.joining(","));
    }
  }

  @Override
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name =
        Arrays.stream(annotations)
            .filter(QueryParam.class::isInstance)
            .map(a -> ((QueryParam) a).value())
            .findFirst()
            .orElse("the parameter");
    Function<String, Object> parse;
    if (rawType == Duration.class) {
      parse = v -> time(name, v, Duration::parse, "an ISO-8601 duration such as PT30S");
    } else if (rawType == Instant.class) {
      parse =
          v -> time(name, v, Instant::parse, "an ISO-8601 instant such as 2030-01-01T09:00:00Z");
    } else if (rawType == TaskStatus.class) {
      parse = QueryParameters::status;
    } else if (rawType == Statuses.class) {
      parse = v -> statuses(name, v);
    } else if (rawType == Limit.class) {
      return new Converter<>(rawType, v -> limit(name, v));
    } else {
      return null;
    }
    return new Converter<>(rawType, v -> v.isEmpty() ? null : parse.apply(v));
  }

  private static Object time(
      String name, String value, Function<String, Object> parse, String expected) {
    try {
      return parse.apply(value);
    } catch (DateTimeParseException e) {
      throw mustBe(name, expected, value);
    }
  }

  private static TaskStatus status(String value) {
    try {
      return TaskStatus.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(
          "unknown status '" + value + "'; one of " + Arrays.toString(TaskStatus.values()));
    }
  }

  private static Statuses statuses(String name, String value) {
    Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
    for (String part : value.split(",")) {
      try {
        statuses.add(TaskStatus.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest(
            name
                + ": '"
                + part.trim()
                + "' is not a status; use a comma-separated list of "
                + Arrays.stream(TaskStatus.values())
                    .map(Enum::name)
                    .collect(Collectors.joining(", ")));
      }
    }
    return new Statuses(statuses);
  }

  // Never empty: a list always has a page size, when absent the resource's default.
  private static Limit limit(String name, String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= Limit.MAX) {
        return new Limit(limit);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw mustBe(name, "an integer from 1 to " + Limit.MAX, value);
  }

  private static Problem mustBe(String name, String expected, String value) {
    return Problem.badRequest(name + " must be " + expected + ", was '" + value + "'");
  }

  private record Converter<T>(Class<T> type, Function<String, Object> parse)
      implements ParamConverter<T> {

    @Override
    public T fromString(String value) {
      // A Problem thrown here reaches JAX-RS wrapped in a 404 (a query parameter that cannot be
      // read names no resource); HttpErrorMapper answers the problem itself.
      return value == null ? null : type.cast(parse.apply(value.trim()));
    }

    @Override
    public String toString(T value) {
      return value.toString();
    }
  }
}
