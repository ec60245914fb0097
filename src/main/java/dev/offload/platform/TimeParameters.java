package dev.offload.platform;

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
import java.util.function.Function;

/**
 * Binds ISO-8601 durations and instants in query parameters, so resources take {@link Duration} and
 * {@link Instant} and one rule reads them all: a malformed value is a 400 naming the parameter.
 */
@Provider
public class TimeParameters implements ParamConverterProvider {

  @Override
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name =
        Arrays.stream(annotations)
            .filter(QueryParam.class::isInstance)
            .map(a -> ((QueryParam) a).value())
            .findFirst()
            .orElse("the parameter");
    if (rawType == Duration.class) {
      return new Converter<>(rawType, name, Duration::parse, "an ISO-8601 duration such as PT30S");
    }
    if (rawType == Instant.class) {
      return new Converter<>(
          rawType, name, Instant::parse, "an ISO-8601 instant such as 2030-01-01T09:00:00Z");
    }
    return null;
  }

  private record Converter<T>(
      Class<T> type, String name, Function<String, Object> parse, String expected)
      implements ParamConverter<T> {

    @Override
    public T fromString(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      try {
        return type.cast(parse.apply(value.trim()));
      } catch (DateTimeParseException e) {
        // JAX-RS wraps it in a 404 (a query parameter that cannot be read names no resource);
        // HttpErrorMapper answers the problem itself.
        throw Problem.badRequest(name + " must be " + expected + ", was '" + value + "'");
      }
    }

    @Override
    public String toString(T value) {
      return value.toString();
    }
  }
}
